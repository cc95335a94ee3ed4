/**
 * Text normalisation shared by every layer: two texts that differ only in case, accents,
 * punctuation, forwarding prefixes, filler words or word endings normalise to the same tokens.
 * Identifiers such as "INV-1042" or "flat 3b" survive intact, because they are what tells two
 * similar-looking pieces of work apart.
 */
import { stem } from "./stem";
import { canonicalWord, stopWords, termClassOf } from "./vocabulary";

/** "Fwd: RE: fw:" and similar at the start of a message say how it travelled, not what it says. */
const travelPrefix = /^\s*(?:(?:re|fw|fwd|aw|wg|tr)\s*:\s*)+/i;
/** Slack and email quoting, "> quoted" and "[Forwarded message]" banners. */
const forwardBanner = /-{2,}\s*forwarded message\s*-{2,}|\[forwarded[^\]]*\]|^>\s?/gim;

/**
 * A line that says the text below was forwarded, as mail clients and chat apps write it in
 * English, German and French: "---------- Forwarded message ---------", "Begin forwarded
 * message:", "-----Original Message-----", "Forwarded from Anna:", "Weitergeleitete Nachricht",
 * "Message transféré".
 */
export const forwardBannerLine =
  /^[ \t]*(?:-{2,}[ \t]*)?(?:forwarded message|begin forwarded message|original message|forwarded from\b[^\n]*|weitergeleitete nachricht|urspr[uü]ngliche nachricht|message transf[eé]r[eé]|message d'origine)[ \t]*(?:-{2,})?[ \t]*:?[ \t]*$/im;
/** Mail headers right after a forward banner (From:, Von:, De:, Sent:, Subject:, …). */
const forwardedHeader =
  /^[ \t]*(?:from|von|de|sent|gesendet|envoy[eé]|date|datum|to|an|[aà]|cc|subject|betreff|objet)[ \t]*:[^\n]*$/gim;

/** The forwarded text without the banner and mail headers the forward added. */
export function stripForwardBanner(text: string): string {
  if (!forwardBannerLine.test(text)) return text;
  return text.replace(new RegExp(forwardBannerLine.source, "gim"), " ").replace(forwardedHeader, " ");
}

/** Lower case, no accents, no travel prefixes or forwarding banners, whitespace collapsed. */
export function cleanText(text: string): string {
  return (
    stripForwardBanner(text)
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(travelPrefix, "")
      .replace(forwardBanner, " ")
      .toLowerCase()
      // Contractions and possessives: "hasn't" is "has not", "O'Brien's quote" is O'Brien's.
      .replace(/n['’]t\b/g, " not")
      .replace(/['’](?:s|re|ve|ll|d|m)\b/g, "")
      .replace(/(\d),(?=\d{3}(?!\d))/g, "$1")
      .replace(/\s+/g, " ")
      .trim()
  );
}

/**
 * Content tokens: identifiers kept whole ("inv-1042", "£1,250.00" → "1250.00"), filler words
 * dropped, the rest stemmed and mapped to a canonical synonym.
 */
export function contentTokens(text: string): string[] {
  const raw = cleanText(text).match(/[a-z0-9]+(?:[-/.][a-z0-9]+)*/g) ?? [];
  const tokens: string[] = [];
  for (const rawWord of raw) {
    // "kick-off" and "kickoff", "check-up" and "checkup" are one word; "inv-1042" keeps its hyphen.
    const word = /\d/.test(rawWord) ? rawWord : rawWord.replace(/-/g, "");
    if (stopWords.has(word)) continue;
    tokens.push(canonicalWord(stem(word)));
  }
  return tokens;
}

/** The exact-match form of a text: its content tokens in order. */
export function normalizedText(text: string): string {
  return contentTokens(text).join(" ");
}

/**
 * The shingle set near-duplicate checks compare: single content words. Word pairs were tried and
 * dropped: rewording a request ("Release v2 of the site" / "Deploy the site v2") reorders words,
 * and pairs then make paraphrases look unrelated.
 */
export function shingles(normalized: string): Set<string> {
  return new Set(normalized.split(" ").filter(Boolean));
}

/** |A ∩ B| / |A ∪ B|; two empty sets are identical. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const item of a) if (b.has(item)) shared++;
  return shared / (a.size + b.size - shared);
}

/** Deadlines are reworded freely ("by Friday", "end of the week") and titles come and go: neither names the work. */
const calendarWords: ReadonlySet<string> = new Set(
  (
    "monday tuesday wednesday thursday friday saturday sunday today tomorrow " +
    "january february march april may june july august september october november december " +
    "mr mrs ms miss dr sir madam"
  ).split(" "),
);

const datePattern =
  /\b(\d{1,2})(?:st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?=\W|$)/gi;

const addressPattern = /(?<![\p{L}\d.,£$€/-])(\d{1,4}[a-z]?) ((?:\p{Lu}[\p{L}’']*)(?: \p{Lu}[\p{L}’']*)?)/gu;

/**
 * Tokens that name something: words with a digit ("inv-1042", "flat 3b" → "3b") and capitalised
 * words that do not start a sentence ("the Hendersons", "Elm Road"). Two texts that both name
 * things, but none in common, are about different things however alike the rest reads.
 */
export function nameTokens(text: string): Set<string> {
  const names = new Set<string>();
  const shouting = !/\p{Ll}/u.test(text);
  const withoutPrefix = text
    .replace(/^\s*(?:(?:re|fw|fwd)\s*:\s*)+/i, "")
    .replace(/(\d),(?=\d{3}(?!\d))/g, "$1")
    // "3rd December" / "3 Dec": a date pins down which occurrence of the work is meant.
    .replace(datePattern, (_, day: string, month: string) => ` ${day}-${month.slice(0, 3).toLowerCase()} `);
  // "8 Quarry Close": a house number and the capitalised street after it are one identifier.
  for (const [, number, street] of withoutPrefix.matchAll(addressPattern))
    names.add(`${number} ${cleanText(street!).replace(/[^a-z0-9]+/g, " ")}`.trim());
  // A full stop ends a sentence only before a space or the end: "v1.9.8" is one word.
  for (const sentence of withoutPrefix.split(/[.!?]+(?:\s+|$)|[\n:;]+\s*/)) {
    const words = sentence.match(/[\p{L}0-9]+(?:[-/.'’][\p{L}0-9]+)*/gu) ?? [];
    words.forEach((word, index) => {
      // A bare small number ("3 days", "10 minutes") is a quantity, not a name.
      const hasDigit = /\d/.test(word) && (word.length >= 3 || /\p{L}/u.test(word));
      // "O'Brien" and "CSCS" count; in text typed all in capitals nothing does.
      // At a sentence's start only a possessive counts: "Marcus's certificate", not "Book the…".
      const capitalised = !shouting && /^\p{Lu}/u.test(word) && (index > 0 || /\p{L}['’]s$/u.test(word));
      if (!hasDigit && !capitalised) return;
      const token = cleanText(word).replace(/['’]s?$/, "");
      if (!hasDigit && (stopWords.has(token) || calendarWords.has(token))) return;
      names.add(hasDigit ? token : canonicalWord(stem(token)));
    });
  }
  return names;
}

const isIdentifier = (token: string) => /\d/.test(token);

/** "inv-1042" → "a-9", "3-dec" and "24-nov" → "9-a": identifiers of one shape are of one kind. */
const shapeOf = (token: string) => token.replace(/\p{L}+/gu, "a").replace(/\d+/g, "9");

function disjoint(a: readonly string[], b: readonly string[]): boolean {
  return a.length > 0 && b.length > 0 && !a.some((token) => b.includes(token));
}

/**
 * True when the texts name different things: for some kind (shape) of identifier both carry,
 * they share none ("INV-1042" against "INV-1043", whatever amounts they share), or both carry
 * proper names and share none ("the Hendersons" against "Mrs Okafor").
 */
export function nameDifferent(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  const aIds = [...a].filter(isIdentifier);
  const bIds = [...b].filter(isIdentifier);
  for (const shape of new Set(aIds.map(shapeOf))) {
    const bOfShape = bIds.filter((token) => shapeOf(token) === shape);
    if (
      disjoint(
        aIds.filter((token) => shapeOf(token) === shape),
        bOfShape,
      )
    )
      return true;
  }
  return disjoint(
    [...a].filter((token) => !isIdentifier(token)),
    [...b].filter((token) => !isIdentifier(token)),
  );
}

/**
 * True when both texts carry the same identifier ("INV-1042", "v2.3.9", "SE-26047") and, by
 * `nameDifferent`, no conflicting one: an identifier pins down the item much as an entity does.
 */
export function sharesIdentifier(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const token of a) if (isIdentifier(token) && b.has(token)) return true;
  return false;
}

/**
 * True when both token sets mention a member of one term class (trades, spaces of a building,
 * certificates: vocabulary.ts) and share none of that class: "book a roofer" against "book a
 * plasterer", "the loft conversion" against "the kitchen extension".
 */
export function termConflict(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return classTermsConflict(termClasses(a), b);
}

/** The tokens of each term class a text mentions ("trade" → {"roofer"}); computed once per text. */
export function termClasses(tokens: ReadonlySet<string>): ReadonlyMap<string, ReadonlySet<string>> {
  const byClass = new Map<string, Set<string>>();
  for (const token of tokens) {
    const kind = termClassOf(token);
    if (!kind) continue;
    const members = byClass.get(kind) ?? new Set<string>();
    members.add(token);
    byClass.set(kind, members);
  }
  return byClass;
}

/** `termConflict` with one side's classes already known (the new text, compared with many). */
export function classTermsConflict(
  classes: ReadonlyMap<string, ReadonlySet<string>>,
  other: ReadonlySet<string>,
): boolean {
  if (classes.size === 0) return false;
  for (const [kind, otherMembers] of termClasses(other)) {
    const members = classes.get(kind);
    if (members && ![...members].some((token) => otherMembers.has(token))) return true;
  }
  return false;
}
