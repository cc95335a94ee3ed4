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
    // The shape ends in a digit, so the match is the number as written (nothing to trim).
    const raw = match[0];
    const start = match.index;
    const end = start + raw.length;
    if (taken.some((other) => start < other.end && other.start < end)) continue;
    const accepted = acceptPhone(raw, text, start);
    if (accepted) found.push(candidate("PHONE", text, start, start + raw.length, accepted));
  }
  return found;
}

function acceptPhone(raw: string, text: string, start: number): number | undefined {
  const { digits, groups, oneDigitGroups } = countDigitGroups(raw);
  if (digits < 7 || digits > 15) return undefined;
  // Lottery numbers and version strings: several one-digit groups are not how numbers are written.
  if (oneDigitGroups > 1 && !raw.startsWith("+")) return undefined;
  // Dates (12.11.2024) and dotted versions are not phone numbers.
  if (/^\d{1,4}[./-]\d{1,2}[./-]\d{2,4}$/.test(raw)) return undefined;
  if (raw.startsWith("+") || raw.startsWith("00")) {
    const parsed = parsePhoneNumberFromString(raw.startsWith("00") ? `+${raw.slice(2)}` : raw);
    return parsed?.isValid() ? Confidence.strong : undefined;
  }
  const grouped = groups > 1;
  const cue = cueBefore(text, start, phoneCue, 40);
  if (northAmerican.test(raw)) {
    return parsePhoneNumberFromString(raw, "US")?.isValid() ? Confidence.strong : undefined;
  }
  const trunk = raw.startsWith("0") || raw.startsWith("(0");
  if (!(trunk && (grouped || cue)) && !(grouped && cue)) return undefined;
  for (const country of trunk ? trunkPrefixCountries : noTrunkPrefixCountries) {
    const [fewest, most] = nationalDigits[country]!;
    if (digits < fewest || digits > most) continue;
    if (parsePhoneNumberFromString(raw, country)?.isValid())
      return cue ? Confidence.strong : Confidence.likely;
  }
  return undefined;
}

/**
 * The digits of a shape-matched number, its groups (runs of digits and "+" between separators) and
 * how many groups are one digit long. The shape allows only digits, "+" and the separators
 * [\s()./-], so a character that is neither a digit nor "+" separates. Counted by hand: the regex
 * split and replace this replaces tried their regex at every character, about a tenth of the finder.
 */
function countDigitGroups(raw: string): { digits: number; groups: number; oneDigitGroups: number } {
  let digits = 0;
  let groups = 0;
  let oneDigitGroups = 0;
  let groupLength = 0;
  for (let i = 0; i <= raw.length; i++) {
    const code = i < raw.length ? raw.charCodeAt(i) : 32;
    const isDigit = code >= 48 && code <= 57;
    if (isDigit || code === 43) {
      if (isDigit) digits++;
      groupLength++;
      continue;
    }
    if (groupLength === 0) continue;
    groups++;
    if (groupLength === 1) oneDigitGroups++;
    groupLength = 0;
  }
  return { digits, groups, oneDigitGroups };
}
