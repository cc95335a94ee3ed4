/**
 * MinHash sketches of shingle sets. A signature is a fixed number of small integers that can be
 * stored beside a task and compared without the text: the share of equal positions estimates the
 * Jaccard similarity of the two sets. The hash is seeded and pure, so the same text gives the
 * same signature in the Worker, the CLI and on every run.
 */

/** murmur3's finaliser: every input bit affects every output bit. */
function mix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32-bit FNV-1a, then mixed so nearby strings spread over the whole range. */
export function hash32(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** A stable hex fingerprint of a string, for exact-match keys (two seeds → 64 bits). */
export function fingerprint(text: string): string {
  return (
    hash32(text, 0x9e3779b9).toString(16).padStart(8, "0") +
    hash32(text, 0x7f4a7c15).toString(16).padStart(8, "0")
  );
}

/**
 * Signature of a set: for each of `permutations` seeded hash functions, the minimum hash over
 * the set's members. An empty set gets all-max values, which match only another empty set.
 */
export function minhashSignature(set: ReadonlySet<string>, permutations: number): number[] {
  const signature = new Array<number>(permutations).fill(0xffffffff);
  for (const member of set) {
    // Two base hashes combined linearly give `permutations` independent-enough hashes (Kirsch–Mitzenmacher).
    const a = hash32(member, 0x5bd1e995);
    const b = hash32(member, 0x1b873593) | 1;
    for (let i = 0; i < permutations; i++) {
      const value = mix32((a + Math.imul(i, b)) >>> 0);
      if (value < signature[i]!) signature[i] = value;
    }
  }
  return signature;
}

/** Share of positions where two signatures agree: an unbiased estimate of Jaccard similarity. */
export function estimateJaccard(a: readonly number[], b: readonly number[]): number {
  const length = Math.min(a.length, b.length);
  if (length === 0) return 0;
  let equal = 0;
  for (let i = 0; i < length; i++) if (a[i] === b[i]) equal++;
  return equal / length;
}

/** Cosine similarity of two vectors of the same dimension; 0 when either is all zeros. */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += a[i]! * b[i]!;
    normA += a[i]! * a[i]!;
    normB += b[i]! * b[i]!;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}
