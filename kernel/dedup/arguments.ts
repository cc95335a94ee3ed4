/**
 * How alike the arguments of two proposals are. Structured arguments are compared argument by
 * argument and the least similar one decides: a booking for a roofer and one for a plasterer on
 * the same day are different actions even though four of five values agree. Free text inside
 * an argument (a message body) is compared by its normalised words, so a reworded reminder still
 * counts as the same reminder, unless it names a different invoice, date or person.
 */
import { jaccard, nameDifferent, nameTokens, normalizedText, shingles } from "./normalize.js";

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

/** Free text: same names required, then Jaccard of the normalised words. */
export function textSimilarity(a: string, b: string): number {
  if (nameDifferent(nameTokens(a), nameTokens(b))) return 0;
  const aNormalized = normalizedText(a);
  const bNormalized = normalizedText(b);
  return aNormalized === bNormalized ? 1 : jaccard(shingles(aNormalized), shingles(bNormalized));
}

function valueSimilarity(a: unknown, b: unknown): number {
  if (typeof a === "string" && typeof b === "string") return textSimilarity(a, b);
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const left = a as Record<string, unknown>;
    const right = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
    let least = 1;
    for (const key of keys)
      least = Math.min(least, key in left && key in right ? valueSimilarity(left[key], right[key]) : 0);
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
export function argumentsSimilarity(aText: string, bText: string): number {
  const a = parse(aText);
  const b = parse(bText);
  if (a.ok && b.ok) return valueSimilarity(a.value, b.value);
  return textSimilarity(aText, bText);
}
