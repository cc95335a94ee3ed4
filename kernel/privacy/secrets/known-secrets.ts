/**
 * Cairn's own configured secrets (the deployment's and every tenant's keys and tokens), found by
 * exact match wherever they appear — whatever their shape, even one no rule knows.
 */
import { createLiteralFinder } from "./literal-index";

/** Shorter values would match ordinary words; a key this short is not a real key anyway. */
export const minimumKnownSecretLength = 8;

export interface KnownSecretFinding {
  start: number;
  end: number;
}

/**
 * Prepares the list once (deduplicated, longest first so a key containing another is reported whole).
 *
 * @example
 * const find = knownSecretFinder([env.OPENAI_API_KEY, env.TELEGRAM_BOT_TOKEN]);
 * find("the key is sk-…") // → [{ start: 11, end: 62 }]
 */
export function knownSecretFinder(values: readonly string[]): (text: string) => KnownSecretFinding[] {
  const secrets = [...new Set(values.filter((value) => value.length >= minimumKnownSecretLength))].sort(
    (a, b) => b.length - a.length,
  );
  const find = createLiteralFinder(secrets, { caseInsensitive: false });
  return (text) => {
    const found: KnownSecretFinding[] = [];
    // Longest first, so a key containing another is reported whole.
    const hits = find(text).sort((a, b) => b.literal.length - a.literal.length || a.index - b.index);
    for (const hit of hits) {
      const start = hit.index;
      const end = start + hit.literal.length;
      if (!found.some((other) => start < other.end && other.start < end)) found.push({ start, end });
    }
    return found.sort((a, b) => a.start - b.start);
  };
}

/** One-off form of `knownSecretFinder`. */
export function findKnownSecrets(text: string, values: readonly string[]): KnownSecretFinding[] {
  return knownSecretFinder(values)(text);
}
