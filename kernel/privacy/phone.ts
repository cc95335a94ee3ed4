/**
 * Phone numbers, validated against each country's numbering plan by libphonenumber-js (full
 * metadata). International numbers (+ or 00) are accepted when valid; national numbers need
 * what a person would need to read them as a phone number: a trunk prefix (0…) with grouping,
 * the North American (NXX) NXX-XXXX shape, or a phone word nearby.
 */
import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js/max";
import { cueBefore } from "./context";
import { Confidence, candidate, type PiiCandidate } from "./types";

/** Digits with the separators people put in phone numbers; at least 7 digits. */
const phoneShape = /(?<![\w+.,/-])(?:\+|00)?\(?\d[\d\s()./-]{5,20}\d(?![\w]|[.,]\d)/g;

/**
 * Countries tried for national numbers, by whether the number starts with a trunk prefix (0):
 * trying only the plausible ones halves the parsing, which dominated the detector on digit-rich text.
 */
const trunkPrefixCountries: CountryCode[] = ["GB", "DE", "FR", "BE", "NL", "CH", "AT", "IE", "IT"];
const noTrunkPrefixCountries: CountryCode[] = ["LU", "ES", "PT", "US"];

/** Digit counts of national numbers as written (trunk 0 included): parsing outside them cannot succeed. */
const nationalDigits: Partial<Record<CountryCode, [number, number]>> = {
  GB: [10, 11],
  DE: [6, 13],
  FR: [10, 10],
  BE: [9, 10],
  NL: [10, 10],
  CH: [10, 10],
  AT: [5, 14],
  IE: [7, 11],
  IT: [6, 11],
  LU: [6, 11],
  ES: [9, 9],
  PT: [9, 9],
  US: [10, 10],
};

const phoneCue =
  /(?:phone|tel\b|tel\.|mobile|mobil|cell|call|ring|whatsapp|sms|text me|telefon|rufnummer|handy|festnetz|rufen|anrufen|erreichbar|fax|gsm|portable|téléphone|t[ée]l[ée]phone|appel|joignable|joindre|standard)/i;

const northAmerican = /^(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}$/;

/**
 * `taken` are values already found by finders that prove theirs (IBANs, cards, identifiers): digits
 * inside them are not tried as phone numbers, which saves most of the parsing on digit-rich text.
 */
export function findPhones(text: string, taken: readonly PiiCandidate[] = []): PiiCandidate[] {
  const found: PiiCandidate[] = [];
  for (const match of text.matchAll(phoneShape)) {
    const raw = match[0].replace(/[\s(./-]+$/, "");
    const start = match.index;
    const end = start + raw.length;
    if (taken.some((other) => start < other.end && other.start < end)) continue;
    const accepted = acceptPhone(raw, text, start);
    if (accepted) found.push(candidate("PHONE", text, start, start + raw.length, accepted));
  }
  return found;
}

function acceptPhone(raw: string, text: string, start: number): number | undefined {
  const digits = raw.replace(/\D/g, "");
  if (digits.length < 7 || digits.length > 15) return undefined;
  // Lottery numbers and version strings: several one-digit groups are not how numbers are written.
  const groups = raw.split(/[\s()./-]+/).filter(Boolean);
  if (groups.filter((group) => group.length === 1).length > 1 && !raw.startsWith("+")) return undefined;
  // Dates (12.11.2024) and dotted versions are not phone numbers.
  if (/^\d{1,4}[./-]\d{1,2}[./-]\d{2,4}$/.test(raw)) return undefined;
  if (raw.startsWith("+") || raw.startsWith("00")) {
    const parsed = parsePhoneNumberFromString(raw.startsWith("00") ? `+${raw.slice(2)}` : raw);
    return parsed?.isValid() ? Confidence.strong : undefined;
  }
  const grouped = groups.length > 1;
  const cue = cueBefore(text, start, phoneCue, 40);
  if (northAmerican.test(raw)) {
    return parsePhoneNumberFromString(raw, "US")?.isValid() ? Confidence.strong : undefined;
  }
  const trunk = raw.startsWith("0") || raw.startsWith("(0");
  if (!(trunk && (grouped || cue)) && !(grouped && cue)) return undefined;
  for (const country of trunk ? trunkPrefixCountries : noTrunkPrefixCountries) {
    const [fewest, most] = nationalDigits[country]!;
    if (digits.length < fewest || digits.length > most) continue;
    if (parsePhoneNumberFromString(raw, country)?.isValid())
      return cue ? Confidence.strong : Confidence.likely;
  }
  return undefined;
}
