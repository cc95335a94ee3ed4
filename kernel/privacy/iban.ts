/**
 * IBANs (ISO 13616): a country code, two check digits and the country's BBAN, written compact or
 * in groups of four. The length must be the country's and the mod-97 check must hold, so a
 * number with a wrong check digit is not reported.
 */
import { ibanMod97Valid } from "./checksums";
import { Confidence, candidate, type PiiCandidate } from "./types";

/** IBAN length per country (SWIFT IBAN registry). */
const ibanLength: Record<string, number> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MR: 27,
  MT: 31,
  MU: 30,
  NL: 18,
  NO: 15,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  SA: 24,
  SC: 31,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
};

/** Country, check digits, then up to nine groups; grouping may absorb a following word, trimmed below. */
const ibanShape = /(?<![A-Za-z0-9])([A-Z]{2})(\d{2})((?: ?[A-Z0-9]{1,4}){2,9})(?![a-z0-9])/g;

export function findIbans(text: string): PiiCandidate[] {
  const found: PiiCandidate[] = [];
  for (const match of text.matchAll(ibanShape)) {
    const length = ibanLength[match[1]!];
    if (!length) continue;
    const end = longestValidEnd(text, match.index, match[0].length, length);
    if (end !== undefined) found.push(candidate("IBAN", text, match.index, end, Confidence.proven));
  }
  return found;
}

/** The grouped form can swallow a following code ("… 606 EUR"): shrink until the length fits. */
function longestValidEnd(
  text: string,
  start: number,
  matchLength: number,
  length: number,
): number | undefined {
  let end = start + matchLength;
  while (end > start) {
    const compact = text.slice(start, end).replace(/ /g, "");
    if (compact.length === length) return ibanMod97Valid(compact) ? end : undefined;
    if (compact.length < length) return undefined;
    end = text.lastIndexOf(" ", end - 1);
    if (end <= start) {
      return undefined;
    }
  }
  return undefined;
}
