import type { EmbeddingProvider } from "../../kernel/memory/embedding";

/**
 * A deterministic offline embedding: feature hashing of words and character trigrams into a
 * fixed dimension, L2-normalised. No model, no network, same vector on every machine — right for
 * local use, tests and benchmarks. It measures shared wording, not meaning ("invoice" and "bill"
 * are unrelated to it), and says so through `offline: true`.
 */

export interface OfflineHashedEmbeddingOptions {
  /** Vector size; more dimensions mean fewer hash collisions. */
  dimension?: number;
  /** Weight of a whole word relative to one of its trigrams. */
  wordWeight?: number;
}

export function createOfflineHashedEmbedding(options: OfflineHashedEmbeddingOptions = {}): EmbeddingProvider {
  const dimension = options.dimension ?? 512;
  const wordWeight = options.wordWeight ?? 2;
  if (!Number.isInteger(dimension) || dimension < 8)
    throw new Error("dimension must be an integer of at least 8");
  return {
    id: "offline-hashed-ngrams",
    dimension,
    offline: true,
    async embed(texts) {
      return texts.map((text) => embedText(text, dimension, wordWeight));
    },
  };
}

export function embedText(text: string, dimension: number, wordWeight: number): number[] {
  const vector = new Array<number>(dimension).fill(0);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  for (const word of words) {
    addFeature(vector, `w:${word}`, wordWeight);
    const padded = `^${word}$`;
    for (let i = 0; i + 3 <= padded.length; i += 1) addFeature(vector, `t:${padded.slice(i, i + 3)}`, 1);
  }
  const norm = Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
  return norm === 0 ? vector : vector.map((x) => x / norm);
}

/** The signed hashing trick: a second hash bit picks the sign so collisions cancel on average. */
function addFeature(vector: number[], feature: string, weight: number): void {
  const hash = fnv1a(feature);
  const index = hash % vector.length;
  vector[index] = (vector[index] ?? 0) + (hash & 0x80000000 ? -weight : weight);
}

/** FNV-1a, 32-bit, over UTF-16 code units: tiny, fast, and identical in every runtime. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
