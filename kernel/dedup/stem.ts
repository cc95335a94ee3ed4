/**
 * A light suffix stripper, so "invoices", "invoiced" and "invoicing" meet. No dictionary: it only
 * has to map variants of one word together, not produce real words.
 */

const suffixRules: ReadonlyArray<readonly [RegExp, string]> = [
  [/ies$/, "y"],
  [/(ss)es$/, "$1"],
  [/([^s])s$/, "$1"],
  [/ing$/, ""],
  [/ed$/, ""],
  [/ly$/, ""],
  [/ment$/, ""],
  [/ation$/, "ate"],
];

/** Short words and anything with a digit (identifiers) are left alone. */
export function stem(word: string): string {
  if (word.length <= 4 || /\d/.test(word)) return word;
  for (const [pattern, replacement] of suffixRules) {
    if (pattern.test(word)) {
      // "running" → "runn" → "run", so the doubled consonant of the -ing form meets the bare verb.
      const stemmed = word.replace(pattern, replacement).replace(/([b-df-hj-km-np-rtv-z])\1$/, "$1");
      return stemmed.length >= 3 ? stemmed.replace(/e$/, "") : word;
    }
  }
  return word.replace(/e$/, "");
}
