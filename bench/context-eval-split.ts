import { idHash } from "./routing-data";

/**
 * Which conversations the context-eval bench may be tuned on and which are held out. Decided
 * before any tuning, by the same FNV-1a rule as the routing bench (hash of the id, 30% bucket),
 * so the split does not depend on the retriever or on the results: on the six development
 * LoCoMo conversations it holds out locomo-41, locomo-47 and locomo-50, and tunes on 42, 43 and 48.
 * (LoCoMo's other four conversations are the project's blind test and are never read here.)
 */
export function isHeldOutConversation(conversationId: string): boolean {
  return idHash(conversationId) % 10 < 3;
}

/** Seeds of Cairn's own generated conversations (bench/data/context-workload.ts). */
export const GENERATED_DEV_SEEDS: readonly number[] = [101, 102];
export const GENERATED_HELD_OUT_SEEDS: readonly number[] = [201, 202, 203];
