/**
 * How alike the arguments of two proposals are. Structured arguments are compared argument by
 * argument and the least similar one decides: a booking for a roofer and one for a plasterer on
 * the same day are different actions even though four of five values agree. Free text inside
 * an argument (a message body) is compared by its normalised words, so a reworded reminder still
 * counts as the same reminder, unless it names a different invoice, date or person.
 */
import { compareMeaning, type MeaningOptions, meaningTerms, type WordMeaning } from "./meaning";
import { jaccard, nameDifferent, nameTokens, normalizedText, sharesIdentifier, shingles } from "./normalize";

const minimumProseTerms = 4;

/** Free text compared by meaning too (meaning.ts), when the context has word meanings. */
export interface ArgumentMeaning {
  words: WordMeaning;
  options: MeaningOptions;
  /** Aligned-word share at or above which two texts say the same. */
  threshold: number;
  /** The same, when both carry one identifier and no conflicting one. */
  sharedIdentifierThreshold: number;
  /** The similarity to report for texts that say the same in other words (the caller's threshold). */
  sameScore: number;
}

/** Arguments as stable text: keys sorted at every depth, so `{a,b}` and `{b,a}` compare equal. */
export function canonicalArguments(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalArguments).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalArguments(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** JSON arguments in any key order become one canonical text; anything else is kept as written. */
export function canonicalArgumentsText(text: string): string {
  try {
    return canonicalArguments(JSON.parse(text));
  } catch {
    return text;
  }
}

/**
 * Free text: same names required, then Jaccard of the normalised words; with word meanings, a
 * text naming another value of one slot is different (0) and one saying the same in other
 * words counts as `sameScore`.
 */
export function textSimilarity(a: string, b: string, meaning?: ArgumentMeaning): number {
  const aNames = nameTokens(a);
  const bNames = nameTokens(b);
  if (nameDifferent(aNames, bNames)) return 0;
  const aNormalized = normalizedText(a);
  const bNormalized = normalizedText(b);
  if (aNormalized === bNormalized) return 1;
  const lexical = jaccard(shingles(aNormalized), shingles(bNormalized));
  if (!meaning) return lexical;
  const aTerms = meaningTerms(a);
  const bTerms = meaningTerms(b);
  // A value of a word or three ("roofer", "24 November") is compared as written; meaning is for prose.
  if (Math.min(aTerms.length, bTerms.length) < minimumProseTerms) return lexical;
  const shared = sharesIdentifier(aNames, bNames);
  const comparison = compareMeaning(aTerms, bTerms, meaning.words, meaning.options);
  const conflict = comparison.conflict;
  if (conflict && (conflict.kind === "quantity" || !shared)) return 0;
  const threshold = shared
    ? Math.min(meaning.threshold, meaning.sharedIdentifierThreshold)
    : meaning.threshold;
  return comparison.score >= threshold ? Math.max(lexical, meaning.sameScore) : lexical;
}

function valueSimilarity(a: unknown, b: unknown, meaning?: ArgumentMeaning): number {
  if (typeof a === "string" && typeof b === "string") return textSimilarity(a, b, meaning);
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const left = a as Record<string, unknown>;
    const right = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
    let least = 1;
    for (const key of keys)
      least = Math.min(
        least,
        key in left && key in right ? valueSimilarity(left[key], right[key], meaning) : 0,
      );
    return least;
  }
  return canonicalArguments(a) === canonicalArguments(b) ? 1 : 0;
}

function parse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * 1 for the same arguments, 0 for unrelated ones.
 * @example argumentsSimilarity('{"trade":"roofer","date":"3 Dec"}', '{"date":"3 Dec","trade":"roofer"}') // 1
 */
export function argumentsSimilarity(aText: string, bText: string, meaning?: ArgumentMeaning): number {
  const a = parse(aText);
  const b = parse(bText);
  if (a.ok && b.ok) return valueSimilarity(a.value, b.value, meaning);
  return textSimilarity(aText, bText, meaning);
}
