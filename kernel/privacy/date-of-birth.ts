/**
 * Dates of birth: any date written the ways people write them in English, German or French,
 * reported only when a birth word is next to it ("born", "DOB", "geboren", "Geburtsdatum", "né le",
 * "date de naissance"). A date without that context is a meeting or a deadline, not personal data.
 */
import { isCalendarDate } from "./checksums";
import { cueAfter, cueBefore } from "./context";
import { Confidence, candidate, type PiiCandidate } from "./types";

const months =
  "jan(?:uary|uar|\\.)?|feb(?:ruary|ruar|\\.)?|f[ée]vr(?:ier|\\.)?|mar(?:ch|s|\\.)?|m[äa]rz|apr(?:il|\\.)?|avr(?:il|\\.)?|may|mai|june?|juni|juin|july?|juli|juil(?:let|\\.)?|aug(?:ust|\\.)?|ao[ûu]t|sep(?:t(?:ember|embre)?|\\.)?|oct(?:ober|obre|\\.)?|okt(?:ober|\\.)?|nov(?:ember|embre|\\.)?|dec(?:ember|\\.)?|dez(?:ember|\\.)?|d[ée]c(?:embre|\\.)?";

const year = "(?:19|20)\\d{2}";
/**
 * Each date pattern with the year as it must be written in any match of it (after a space, after a
 * separator, before a dash), tested first: about a tenth of the pattern's cost. Most messages, even
 * the bench's dense ones (70–80%), hold no such year, and then the pattern is not run.
 */
const spacedYear = new RegExp(` ${year}(?![\\w])`);
const datePatterns: Array<{ yearAsWritten: RegExp; pattern: RegExp }> = [
  // Day-month or month-day (US): both numbers are checked below.
  {
    yearAsWritten: new RegExp(`[./-]${year}(?![\\w]|[./-]\\d)`),
    pattern: new RegExp(`(?<![\\w./-])\\d{1,2}[./-]\\d{1,2}[./-]${year}(?![\\w]|[./-]\\d)`, "g"),
  },
  {
    yearAsWritten: new RegExp(`${year}-`),
    pattern: new RegExp(`(?<![\\w./-])${year}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])(?![\\w]|-\\d)`, "g"),
  },
  {
    yearAsWritten: spacedYear,
    pattern: new RegExp(
      `(?<![\\w.])(?:0?[1-9]|[12]\\d|3[01])(?:st|nd|rd|th|er|\\.)? (?:${months}) ${year}(?![\\w])`,
      "gi",
    ),
  },
  {
    yearAsWritten: spacedYear,
    pattern: new RegExp(
      `(?<![\\w.])(?:${months}) (?:0?[1-9]|[12]\\d|3[01])(?:st|nd|rd|th)?,? ${year}(?![\\w])`,
      "gi",
    ),
  },
];

const birthCueBefore =
  /(?:\bborn\b|birth|\bdob\b|d\.o\.b|geboren|\bgeb\.|geburts|(?<!\p{L})n[ée]e?(?!\p{L})|naissance|anniversaire)[^.\n;]{0,16}$/iu;
const birthCueAfter = /^[^.\n;]{0,12}(?:geboren|born)/i;

/** Any birth word anywhere: without one, no date in the text is a date of birth. */
const mentionsBirth =
  /born|birth|\bdob\b|d\.o\.b|geboren|\bgeb\.|geburts|(?<!\p{L})n[ée]e?(?!\p{L})|naissance|anniversaire/iu;

export function findDatesOfBirth(text: string): PiiCandidate[] {
  const found: PiiCandidate[] = [];
  // The year tests first: they fail more often than the birth words (a Unicode, case-folding
  // search, the costlier test) and both must pass; the order changes the work, not the result.
  const possible = datePatterns.filter(({ yearAsWritten }) => yearAsWritten.test(text));
  if (possible.length === 0 || !mentionsBirth.test(text)) return found;
  for (const { pattern } of possible) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (!plausibleNumericDate(match[0])) continue;
      if (!cueBefore(text, start, birthCueBefore, 36) && !cueAfter(text, end, birthCueAfter, 20)) continue;
      found.push(candidate("DATE_OF_BIRTH", text, start, end, Confidence.strong));
    }
  }
  return found;
}

/** 31/12/1990 or 12/31/1990: one of the two readings must be a calendar date. */
function plausibleNumericDate(value: string): boolean {
  const parts = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(value);
  if (!parts) return true;
  const [a, b, y] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  return isCalendarDate(y, b, a) || isCalendarDate(y, a, b);
}
