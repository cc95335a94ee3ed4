/**
 * Person names, from three cues a reader uses too:
 * 1. a title or form of address: "Mr. Clarke", "Frau Dr. Bauer", "Madame Lefèvre";
 * 2. a common given name, with the capitalised surname(s) after it: "Sarah Connolly", "Sanne de Vries";
 * 3. an introduction or a field naming a person: "I'm …", "je suis …", "Kontoinhaber …", "au nom de …".
 * Titles are not part of the name. Capitalised words that are clearly not names (weekdays, months,
 * greetings, company forms) end a name.
 */
import { type CueWords, cueGate, mayMatch } from "./cue-words";
import { ambiguousGivenNames, givenNames } from "./first-names";
import { Confidence, candidate, type PiiCandidate } from "./types";

/** A capitalised name word: O'Brien, Jean-Pierre, Lefèvre, Müller. */
// Latin letters written out instead of \p{Lu}/\p{Ll}: the Unicode-property forms made this the
// slowest finder. Latin Extended-A (Ł, Ś, ő…) mixes cases and sits in both classes.
const UP = "A-Z\u00C0-\u00D6\u00D8-\u00DE\u0100-\u017F";
const LO = "a-z\u00DF-\u00F6\u00F8-\u00FF\u0100-\u017F";
const nameWord = new RegExp(`[${UP}][${LO}]+(?:['’][${UP}][${LO}]+)?(?:-[${UP}][${LO}]+)?`, "y");

const isUpper = (c: number) =>
  (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde && c !== 0xd7) || (c >= 0x100 && c <= 0x17f);
const isLower = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 0xdf && c <= 0xff && c !== 0xf7) || (c >= 0x100 && c <= 0x17f);
const isWordLike = (c: number) => isUpper(c) || isLower(c) || (c >= 48 && c <= 57) || c === 95;
/** Characters that glue a capitalised word to what is before it (an email, a path, "O'…", "-"). */
const gluing = new Set([64, 46, 39, 0x2019, 45]);

/** isUpper, isLower and "glues to what follows" (word-like or gluing), as bits. */
const upperBit = 1;
const lowerBit = 2;
const gluesBit = 4;
/**
 * The three tests, tabled for the range they can be true in (below U+0180, and ’): the scan below
 * reads every character of the text, and a table read is cheaper than the comparisons and the Set.
 */
const latinClasses = new Uint8Array(0x180);
for (let c = 0; c < latinClasses.length; c++) {
  latinClasses[c] =
    (isUpper(c) ? upperBit : 0) |
    (isLower(c) ? lowerBit : 0) |
    (isWordLike(c) || gluing.has(c) ? gluesBit : 0);
}
const classOf = (c: number) => (c < 0x180 ? latinClasses[c]! : c === 0x2019 ? gluesBit : 0);

/**
 * Where capitalised words whose first part is a given name start. A hand-written scan: a regex over
 * every capitalised word cost more than the rest of this finder, and most words are not names.
 */
function capitalisedWordStarts(text: string): number[] {
  const starts: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if ((classOf(text.charCodeAt(i)) & upperBit) === 0) continue;
    if (i > 0 && (classOf(text.charCodeAt(i - 1)) & gluesBit) !== 0) continue;
    let end = i + 1;
    while (end < text.length && (classOf(text.charCodeAt(end)) & lowerBit) !== 0) end++;
    if (end - i >= 2 && isGivenName(text.slice(i, end))) starts.push(i);
    i = end;
  }
  return starts;
}
const particle =
  /(?:van der|van den|van de|von der|de la|del|van|von|de|du|di|da|le|la|zu|ten|ter|d['’])\s?(?=[A-Z\u00C0-\u00DE])/y;

const titles =
  /(?<![A-Za-z\u00C0-\u017F])(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Herr|Herrn|Frau|Monsieur|Madame|Mme|Mlle|Maître|Me|M)\.?(?:\s+(?:Dr|Prof)\.?)*\s+(?=[A-Z\u00C0-\u00DE])/g;

const introductions =
  /(?:\bI['’]m|\bI am|\bmy name is|\bje suis|\bje m['’]appelle|\bich bin|\bich heiße|\bmein name ist|\bnamed|\bname:?|\bin the name of|\bau nom de|\btitulaire|\binhaber(?:in)?|\bempfänger(?:in)?|\bpatient|\bcandidate|\bclient|\bkunde|\bemployee|\bsalarié|\bmitarbeiter(?:in)?|\bissued to|\bbelongs to)\s*:?\s+(?=[A-Za-z\u00C0-\u017F])/gi;
/** "name" stands for "my name is", "named", "name:", "mein name ist" and "in the name of". */
const mentionsIntroduction = cueGate(introductions, [
  "i'm",
  "i’m",
  "i am",
  "name",
  "je suis",
  "je m",
  "ich bin",
  "ich hei",
  "au nom de",
  "titulaire",
  "inhaber",
  "empf",
  "patient",
  "candidate",
  "client",
  "kunde",
  "employee",
  "salari",
  "mitarbeiter",
  "issued to",
  "belongs to",
]);

const greetings =
  /(?:\b(?:hi|hello|hey|dear|thanks|thank you|cheers|regards|best|bye|hallo|liebe|lieber|danke|grüße|gruß|gruss|bonjour|salut|merci|cordialement|chère|cher|bises|à bientôt)\b[,!]?\s*)$/i;

/** Capitalised words that end a name: not surnames, whatever their position. */
const notNames = new Set(
  `The This That These Those And Or But If When We You He She It They Our Your His Her Their I Hi Hello Dear
  Thanks Please Team Office Street Road Avenue Inc Ltd LLC GmbH AG SA SARL BV NV Plc IBAN VAT BIC EUR USD GBP
  Monday Tuesday Wednesday Thursday Friday Saturday Sunday Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag
  January February March April May June July August September October November December Januar Februar März
  Juni Juli Oktober Dezember Bank Group Support Sales Admin Finance Payroll Customer Client Der Die Das Le La Les
  Un Une Des Mit Und Oder Für An Am Im In On At Of For From To By Is Was Has Have Can Could Would Should
  Visa Mastercard Amex Apple Google Microsoft Amazon Slack Telegram Email Phone Tel Mobile Fax Account Passport`.split(
    /\s+/,
  ),
);

function readNameWord(text: string, at: number): string | undefined {
  nameWord.lastIndex = at;
  const match = nameWord.exec(text);
  if (!match) return undefined;
  const next = text[at + match[0].length];
  // Part of a longer token (an id, a camelCase word): not a name.
  if (next && /[\p{L}\p{N}_@]/u.test(next)) return undefined;
  return notNames.has(match[0]) ? undefined : match[0];
}

/** From `at`, the end of up to `max` name words (with particles between them), or `at`. */
function readSurnames(text: string, at: number, max: number): number {
  let end = at;
  for (let count = 0; count < max; count++) {
    let cursor = end;
    if (text[cursor] !== " ") break;
    cursor++;
    particle.lastIndex = cursor;
    const particleMatch = particle.exec(text);
    if (particleMatch) cursor += particleMatch[0].length;
    const word = readNameWord(text, cursor);
    if (!word) break;
    end = cursor + word.length;
  }
  return end;
}

function isGivenName(word: string): boolean {
  const lower = word.toLowerCase();
  if (givenNames.has(lower)) return true;
  // The first part of a double name ("Jean" of "Jean-Pierre"), sliced rather than split: this runs
  // on every capitalised word of a text, and split allocated an array for each.
  const dash = lower.indexOf("-");
  if (dash >= 0 && givenNames.has(lower.slice(0, dash))) return true;
  return ambiguousGivenNames.has(lower);
}

export function findPersonNames(text: string, cues?: CueWords): PiiCandidate[] {
  const found: PiiCandidate[] = [];
  for (const cue of [titles, introductions]) {
    if (cue === introductions && !mayMatch(mentionsIntroduction, cues)) continue;
    for (const match of text.matchAll(cue)) {
      const start = match.index + match[0].length;
      const first = readNameWord(text, start);
      if (!first) continue;
      const end = readSurnames(text, start + first.length, 2);
      const known = isGivenName(first);
      // An introduction naming a single unknown capitalised word is often a company or a product.
      if (cue === introductions && end === start + first.length && !known) continue;
      found.push(candidate("PERSON", text, start, end, Confidence.likely));
    }
  }
  for (const start of capitalisedWordStarts(text)) {
    const word = readNameWord(text, start);
    if (!word || !isGivenName(word)) continue;
    const end = readSurnames(text, start + word.length, 2);
    const withSurname = end > start + word.length;
    if (
      !withSurname &&
      ambiguousGivenNames.has(word.toLowerCase()) &&
      !greetings.test(text.slice(Math.max(0, start - 24), start))
    )
      continue;
    found.push(candidate("PERSON", text, start, end, withSurname ? Confidence.likely : Confidence.weak));
  }
  return found;
}
