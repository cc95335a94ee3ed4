/**
 * The terms a message is searched by: lower-cased words of any script, a light English suffix
 * strip so "volunteered" finds "volunteering", stop words out, and CJK text (which has no spaces)
 * as overlapping character pairs, the usual way to index it without a dictionary.
 */

const STOP_WORDS = new Set(
  (
    "a an and are as at be been being but by can could did do does doing for from had has have " +
    "having he her hers him his how i if in into is it its just me my no nor not of on or our " +
    "ours she so some such than that the their them then there these they this those to too " +
    "up us very was we were what when where which while who whom why will with would you your " +
    "yours am also any about after again all over out off own same should only other more most " +
    "s t don now ve ll re d m o y hey hi oh yeah wow really thanks thank"
  ).split(" "),
);

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Strips common English inflections; deliberately crude (no dictionary), but the same on both sides. */
export function stemWord(word: string): string {
  let w = word.replace(/['’]s$/, "").replace(/['’]/g, "");
  if (w.length <= 3 || /\d/.test(w)) return w;
  for (const [suffix, replacement] of [
    ["ies", "y"],
    ["ied", "y"],
    ["ing", ""],
    ["ed", ""],
    ["es", ""],
    ["s", ""],
    ["ly", ""],
  ] as const) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      w = w.slice(0, -suffix.length) + replacement;
      break;
    }
  }
  // "running" → "runn" → "run": collapse a doubled final consonant left by the strip.
  if (/([b-df-hj-np-tv-z])\1$/.test(w) && !/(ll|ss|ff|zz)$/.test(w)) w = w.slice(0, -1);
  return w;
}

/**
 * @example
 * searchTerms("Caroline went to the LGBTQ support group") // ["caroline", "went", "lgbtq", "support", "group"]
 */
export function searchTerms(text: string): readonly string[] {
  const known = memo.get(text);
  if (known) return known;
  const terms = termsOf(text);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(text, terms);
  return terms;
}

/** Every turn re-indexes the thread's messages; a message's terms never change, so they are remembered. */
const memo = new Map<string, readonly string[]>();
const MEMO_LIMIT = 50_000;

function termsOf(text: string): string[] {
  const terms: string[] = [];
  for (const [raw] of text.toLowerCase().matchAll(WORD)) {
    if (CJK.test(raw)) {
      const chars = [...raw];
      if (chars.length === 1) terms.push(chars[0]!);
      for (let i = 0; i + 1 < chars.length; i++) terms.push(chars[i]! + chars[i + 1]!);
      continue;
    }
    if (STOP_WORDS.has(raw) || STOP_WORDS.has(raw.replace(/['’].*$/, ""))) continue;
    terms.push(stemWord(raw));
  }
  return terms;
}
