/**
 * What every layer needs besides its input: where to remember, the thresholds, and optionally
 * an embedding function. Built once per tenant request and passed to each check.
 */
import { type DedupConfig, type DedupConfigInput, resolveDedupConfig } from "./config";
import type { WordMeaning } from "./meaning";
import type { DedupStore, EmbedFunction } from "./types";

export interface DedupContext {
  store: DedupStore;
  config: DedupConfig;
  /** When present, the task layer also compares embeddings (config.task.embeddingCosine). */
  embed?: EmbedFunction;
  /** When present, the task and proposal layers also compare by meaning (meaning.ts). */
  words?: WordMeaning;
}

export interface DedupHelpers {
  embed?: EmbedFunction;
  words?: WordMeaning;
}

/**
 * @example const context = createDedupContext(new MemoryDedupStore(), { discovery: { window: "7d" } });
 * @example createDedupContext(store, {}, { words: offlineWordMeaning() }) // dedup on meaning
 */
export function createDedupContext(
  store: DedupStore,
  config: DedupConfigInput = {},
  helpers?: EmbedFunction | DedupHelpers,
): DedupContext {
  const { embed, words } =
    typeof helpers === "function" ? { embed: helpers, words: undefined } : (helpers ?? {});
  return { store, config: resolveDedupConfig(config), embed, words };
}

/** Inputs take a Date or epoch milliseconds; records keep milliseconds. */
export type Instant = Date | number;

export function toMillis(at: Instant): number {
  return typeof at === "number" ? at : at.getTime();
}

/** "3h" style age for reasons a human reads in the audit log. */
export function describeAge(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours}h` : `${Math.round(hours / 24)}d`;
}
