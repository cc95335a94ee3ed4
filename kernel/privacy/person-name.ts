/**
 * Person names, from three cues a reader uses too:
 * 1. a title or form of address: "Mr. Clarke", "Frau Dr. Bauer", "Madame Lefèvre";
 * 2. a common given name, with the capitalised surname(s) after it: "Sarah Connolly", "Sanne de Vries";
 * 3. an introduction or a field naming a person: "I'm …", "je suis …", "Kontoinhaber …", "au nom de …".
 * Titles are not part of the name. Capitalised words that are clearly not names (weekdays, months,
 * greetings, company forms) end a name.
 */
import { ambiguousGivenNames, givenNames } from "./first-names.js";
import { type Candidate, Confidence, candidate } from "./types.js";

/** A capitalised name word: O'Brien, Jean-Pierre, Lefèvre, Müller. */
const nameWord = /\p{Lu}\p{Ll}+(?:['’]\p{Lu}\p{Ll}+)?(?:-\p{Lu}\p{Ll}+)?/uy;
const particle =
  /(?:van der|van den|van de|von der|de la|del|van|von|de|du|di|da|le|la|zu|ten|ter|d['’])\s?(?=\p{Lu})/uy;

const titles =
  /(?<![\p{L}])(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Herr|Herrn|Frau|Monsieur|Madame|Mme|Mlle|Maître|Me|M)\.?(?:\s+(?:Dr|Prof)\.?)*\s+(?=\p{Lu})/gu;

const introductions =
  /(?:\bI['’]m|\bI am|\bmy name is|\bje suis|\bje m['’]appelle|\bich bin|\bich heiße|\bmein name ist|\bnamed|\bname:?|\bin the name of|\bau nom de|\btitulaire|\binhaber(?:in)?|\bempfänger(?:in)?|\bpatient|\bcandidate|\bclient|\bkunde|\bemployee|\bsalarié|\bmitarbeiter(?:in)?|\bissued to|\bbelongs to)\s*:?\s+(?=\p{Lu})/giu;

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
  const first = lower.split("-")[0]!;
  return givenNames.has(lower) || givenNames.has(first) || ambiguousGivenNames.has(lower);
}

export function findPersonNames(text: string): Candidate[] {
  const found: Candidate[] = [];
  for (const cue of [titles, introductions]) {
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
  for (const match of text.matchAll(/\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?/gu)) {
    const start = match.index;
    if (start > 0 && /[\p{L}\p{N}_@.'’-]/u.test(text[start - 1]!)) continue;
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
