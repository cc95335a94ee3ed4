/**
 * Near-duplicate search over remembered records: MinHash signatures pick the records worth
 * comparing, and the exact Jaccard of the shingle sets decides, so the verdict's score is not
 * the sketch's noisy estimate.
 */
import { estimateJaccard, minhashSignature } from "./minhash.js";
import { jaccard, nameDifferent, nameTokens, normalizedText, shingles } from "./normalize.js";
import type { DedupRecord } from "./types.js";

export interface TextSketch {
  normalized: string;
  names: Set<string>;
  shingleSet: Set<string>;
  signature: number[];
}

/** Everything a near-duplicate comparison needs from a text, computed once. */
export function sketchText(text: string, permutations: number): TextSketch {
  const normalized = normalizedText(text);
  const shingleSet = shingles(normalized);
  return {
    normalized,
    names: nameTokens(text),
    shingleSet,
    signature: minhashSignature(shingleSet, permutations),
  };
}

export interface SimilarRecord {
  record: DedupRecord;
  score: number;
}

/**
 * The most similar record at or above `threshold`, or undefined.
 * @param margin records whose MinHash estimate is more than this below the threshold are skipped
 */
export function mostSimilarRecord(
  sketch: TextSketch,
  candidates: readonly DedupRecord[],
  threshold: number,
  margin: number,
): SimilarRecord | undefined {
  let best: SimilarRecord | undefined;
  for (const record of candidates) {
    if (record.text === undefined) continue;
    if (record.names && nameDifferent(sketch.names, new Set(record.names))) continue;
    if (record.signature && estimateJaccard(sketch.signature, record.signature) < threshold - margin)
      continue;
    const score = record.text === sketch.normalized ? 1 : jaccard(sketch.shingleSet, shingles(record.text));
    if (score >= threshold && (!best || score > best.score)) best = { record, score };
  }
  return best;
}

/** Two items about named, different entities are different work however alike their wording. */
export function differentEntities(a: string | undefined, b: string | undefined): boolean {
  return Boolean(a && b && a.trim().toLowerCase() !== b.trim().toLowerCase());
}
