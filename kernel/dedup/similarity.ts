/**
 * Near-duplicate search over remembered records: MinHash signatures pick the records worth
 * comparing, and the exact (optionally weighted) Jaccard of the shingle sets decides, so the
 * verdict's score is not the sketch's noisy estimate.
 */
import { estimateJaccard, minhashSignature } from "./minhash";
import {
  classTermsConflict,
  jaccard,
  nameDifferent,
  nameTokens,
  normalizedText,
  sharesIdentifier,
  shingles,
  termClasses,
} from "./normalize";
import type { DedupRecord } from "./types";

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

export interface SimilarityOptions {
  /** Score at or above which a record is similar. */
  threshold: number;
  /** Records whose MinHash estimate is more than this below the threshold are not compared exactly. */
  margin: number;
  /** Token weights for weighted Jaccard; plain Jaccard without. */
  weight?: (token: string) => number;
  /** A lower threshold for records that share an identifier with the text (see `sharesIdentifier`). */
  sharedIdentifierThreshold?: number;
}

/** The most similar record at or above its threshold, or undefined. Records naming different things are skipped. */
export function mostSimilarRecord(
  sketch: TextSketch,
  candidates: readonly DedupRecord[],
  options: SimilarityOptions,
): SimilarRecord | undefined {
  let best: SimilarRecord | undefined;
  const classes = termClasses(sketch.shingleSet);
  for (const record of candidates) {
    if (record.text === undefined) continue;
    const names = new Set(record.names ?? []);
    if (nameDifferent(sketch.names, names)) continue;
    const threshold =
      options.sharedIdentifierThreshold !== undefined && sharesIdentifier(sketch.names, names)
        ? Math.min(options.threshold, options.sharedIdentifierThreshold)
        : options.threshold;
    if (record.signature && estimateJaccard(sketch.signature, record.signature) < threshold - options.margin)
      continue;
    const other = shingles(record.text);
    if (classTermsConflict(classes, other)) continue;
    const score =
      record.text === sketch.normalized
        ? 1
        : options.weight
          ? weightedJaccard(sketch.shingleSet, other, options.weight)
          : jaccard(sketch.shingleSet, other);
    if (score >= threshold && (!best || score > best.score)) best = { record, score };
  }
  return best;
}

/** Two items about named, different entities are different work however alike their wording. */
export function differentEntities(a: string | undefined, b: string | undefined): boolean {
  return Boolean(a && b && a.trim().toLowerCase() !== b.trim().toLowerCase());
}

/** Jaccard where each token counts by its weight: sharing a rare word says more than sharing "order". */
export function weightedJaccard(
  a: ReadonlySet<string>,
  b: ReadonlySet<string>,
  weight: (token: string) => number,
): number {
  let shared = 0;
  let union = 0;
  for (const token of a) {
    const w = weight(token);
    union += w;
    if (b.has(token)) shared += w;
  }
  for (const token of b) if (!a.has(token)) union += weight(token);
  return union === 0 ? 1 : shared / union;
}

/**
 * Inverse document frequency over the records being compared (a tenant's open tasks): words
 * every task uses ("send", "website") weigh little, words that single one out weigh a lot.
 * With few records the weights stay close to equal, which is plain Jaccard.
 */
export function idfWeights(
  records: readonly DedupRecord[],
  query?: ReadonlySet<string>,
): (token: string) => number {
  const documentFrequency = new Map<string, number>();
  // The new text counts as a document too, so a word only it uses is rare, not infinitely rare.
  for (const token of query ?? []) documentFrequency.set(token, 1);
  for (const record of records) {
    if (record.text === undefined) continue;
    for (const token of shingles(record.text))
      documentFrequency.set(token, (documentFrequency.get(token) ?? 0) + 1);
  }
  const documents = records.length + (query ? 1 : 0);
  return (token) => Math.log(1 + (documents + 1) / ((documentFrequency.get(token) ?? 0) + 1));
}
