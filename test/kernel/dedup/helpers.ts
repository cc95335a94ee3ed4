import {
  createDedupContext,
  type DedupConfigInput,
  type DedupContext,
  MemoryDedupStore,
} from "../../../kernel/dedup/index";
import type { EmbedFunction } from "../../../kernel/dedup/types";

export const t0 = Date.UTC(2026, 10, 23, 9, 0, 0);
export const minutes = (n: number) => t0 + n * 60_000;
export const hours = (n: number) => t0 + n * 3_600_000;

export function freshContext(config: DedupConfigInput = {}, embed?: EmbedFunction): DedupContext {
  return createDedupContext(new MemoryDedupStore(), config, embed);
}
