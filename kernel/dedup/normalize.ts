/**
 * Text normalisation shared by every layer: two texts that differ only in case, accents,
 * punctuation, forwarding prefixes, filler words or word endings normalise to the same tokens.
 * Identifiers such as "INV-1042" or "flat 3b" survive intact, because they are what tells two
 * similar-looking pieces of work apart.
 */
import { stem } from "./stem.js";
import { canonicalWord, stopWords } from "./vocabulary.js";

/** "Fwd: RE: fw:" and similar at the start of a message say how it travelled, not what it says. */
const travelPrefix = /^\s*(?:(?:re|fw|fwd|aw|wg|tr)\s*:\s*)+/i;
/** Slack and email quoting, "> quoted" and "[Forwarded message]" banners. */
const forwardBanner = /-{2,}\s*forwarded message\s*-{2,}|\[forwarded[^\]]*\]|^>\s?/gim;

/** Lower case, no accents, no travel prefixes or forwarding banners, whitespace collapsed. */
export function cleanText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(travelPrefix, "")
    .replace(forwardBanner, " ")
    .toLowerCase()
    .replace(/(\d),(?=\d{3}(?!\d))/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Content tokens: identifiers kept whole ("inv-1042", "£1,250.00" → "1250.00"), filler words
 * dropped, the rest stemmed and mapped to a canonical synonym.
 */
export function contentTokens(text: string): string[] {
  const raw = cleanText(text).match(/[a-z0-9]+(?:[-/.][a-z0-9]+)*/g) ?? [];
  const tokens: string[] = [];
  for (const word of raw) {
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
 * The shingle set near-duplicate checks compare: content words (order-free, so a reworded
 * sentence still matches) plus adjacent word pairs (so word order counts for something).
 */
export function shingles(normalized: string): Set<string> {
  const words = normalized.split(" ").filter(Boolean);
  const set = new Set<string>(words);
  for (let i = 0; i + 1 < words.length; i++) set.add(`${words[i]}_${words[i + 1]}`);
  return set;
}

/** |A ∩ B| / |A ∪ B|; two empty sets are identical. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const item of a) if (b.has(item)) shared++;
  return shared / (a.size + b.size - shared);
}
