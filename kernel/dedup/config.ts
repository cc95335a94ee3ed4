/**
 * Thresholds and windows of the four layers. Everything is configuration so a tenant can trade
 * a missed duplicate against a wrongly merged task; the defaults are the ones the benchmark
 * (bench/dedup.ts) was tuned with on one seed and reported on another.
 */
import { z } from "zod";
import { durationPattern, parseDurationMs } from "../agents/duration";

const duration = z.string().regex(durationPattern, "must be a duration like 30s, 15m, 4h, 2d or 1w");
const ratio = z.number().min(0).max(1);

export const dedupConfigSchema = z.strictObject({
  channel: z
    .strictObject({
      /** The same content arriving again within this window (a forward, a copy-paste) is one event. */
      contentWindow: duration.default("24h"),
      /** Content shorter than this is never matched by content alone: two people saying "ok" are two messages. */
      contentMinChars: z.int().min(1).default(24),
      /**
       * Without a forward, the same content from the same sender counts as one message only
       * within this window, and only when the platform gave no message id (a redelivery it
       * cannot name). Later, or with a new platform id, it is the person asking again.
       */
      redeliveryWindow: duration.default("2m"),
    })
    .prefault({}),
  discovery: z
    .strictObject({
      /** A finding is reported at most once per window; the next report after it works as a reminder. */
      window: duration.default("24h"),
      /** For findings without a key: shingle Jaccard at or above which a reworded finding is the same one. */
      textJaccard: ratio.default(0.8),
    })
    .prefault({}),
  task: z
    .strictObject({
      /** Exact Jaccard of normalised shingle sets at or above which an open task is the same work. */
      shingleJaccard: ratio.default(0.55),
      /** The same, for two tasks that share an identifier ("INV-1042", "v2.3.9") and conflict in none. */
      sharedIdentifierJaccard: ratio.default(0.4),
      /** MinHash estimates this far below the threshold are not worth an exact comparison. */
      minhashMargin: ratio.default(0.3),
      /** Cosine similarity of embeddings at or above which an open task is the same work. */
      embeddingCosine: ratio.default(0.9),
      /** With word meanings: weighted share of aligned words at or above which an open task is the same work. */
      meaningScore: ratio.default(0.6),
      /** The same, for two tasks that share an identifier and conflict in none. */
      sharedIdentifierMeaningScore: ratio.default(0.45),
      /** How many open tasks to compare against, newest first. */
      candidateLimit: z.int().min(1).default(1000),
    })
    .prefault({}),
  proposal: z
    .strictObject({
      /** A proposal executed within this window refuses the same action on the same target. */
      executedWindow: duration.default("1h"),
      /** Similarity of the least similar argument at or above which two proposals do the same thing (arguments.ts). */
      argsJaccard: ratio.default(0.8),
      /** With word meanings: aligned-word share at or above which two free-text arguments say the same. */
      argsMeaning: ratio.default(0.7),
      /** The same, when both texts carry the same identifier (an invoice number) and no conflicting one. */
      sharedIdentifierArgsMeaning: ratio.default(0.4),
    })
    .prefault({}),
  /** How word meanings are compared (meaning.ts); used only when a `WordMeaning` is injected. */
  meaning: z
    .strictObject({
      /** Word cosine at or above which two different words count as partly the same. */
      softMatch: ratio.default(0.45),
      /** Word cosine at or above which two unmatched words are two values of one slot (fridge/freezer). */
      slotCosine: ratio.default(0.35),
      /** Words less informative than this (SIF weight) are never a slot. */
      slotWeight: ratio.default(0.5),
      /** Two unmatched words at least this informative, one on each side, are two slot values whatever their cosine. */
      rareSlotWeight: z.number().min(0).max(2).default(2),
    })
    .prefault({}),
  /** Number of hash functions in a MinHash signature: the estimate's error is about 1/sqrt(n). */
  minhashPermutations: z.int().min(16).max(1024).default(128),
});

export type DedupConfigInput = z.input<typeof dedupConfigSchema>;
export type DedupConfig = z.output<typeof dedupConfigSchema>;

/**
 * A full configuration from a partial one, validated.
 * @example resolveDedupConfig({ discovery: { window: "7d" } }).task.shingleJaccard // 0.5
 */
export function resolveDedupConfig(input: DedupConfigInput = {}): DedupConfig {
  return dedupConfigSchema.parse(input);
}

/** Milliseconds of a duration that the schema has already validated. */
export function windowMs(text: string): number {
  return parseDurationMs(text) ?? 0;
}
