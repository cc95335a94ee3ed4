/**
 * A cheap relevance signal that needs no model: cosine over the sets of content words. It catches
 * "due date" ↔ "due_date" and "amount" ↔ "amount due", which is most of what fact ranking needs;
 * an embedding similarity can be injected instead where the worker has vectors at hand.
 */
export type TextSimilarity = (query: string, text: string) => number;

const STOPWORDS = new Set(
  "a an and are as at be by can did do does for from had has have how i in is it its me my of on or our so that the their them there this to was we what when where which who why will with you your".split(
    " ",
  ),
);

/** Lower-cased words and numbers, without stopwords, with a plural "s" dropped so forms match. */
export function contentWords(text: string): Set<string> {
  const words = new Set<string>();
  for (const raw of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (raw.length < 2 || STOPWORDS.has(raw)) continue;
    words.add(raw.length > 3 && raw.endsWith("s") && !raw.endsWith("ss") ? raw.slice(0, -1) : raw);
  }
  return words;
}

/** Set cosine in [0, 1]: shared words over the geometric mean of the two set sizes. */
export const lexicalSimilarity: TextSimilarity = (query, text) => {
  const a = contentWords(query);
  const b = contentWords(text);
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared += 1;
  return shared / Math.sqrt(a.size * b.size);
};
