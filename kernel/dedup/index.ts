/** The deduplication kernel: four layers over an injected store. See docs/dedup.md. */

export { argumentsSimilarity, canonicalArguments } from "./arguments";
export { dedupInboundMessage, type InboundDedupMessage as InboundMessage } from "./channel";
export { type DedupConfig, type DedupConfigInput, dedupConfigSchema, resolveDedupConfig } from "./config";
export { createDedupContext, type DedupContext, type DedupHelpers, type Instant } from "./context";
export { dedupFinding, type Finding, findingKey, maskVolatileNumbers } from "./discovery";
export {
  type DedupEvent,
  DedupEventError,
  dedupEvent,
  dedupEventSchema,
  parseDedupEventLine,
} from "./events";
export {
  compareMeaning,
  type MeaningComparison,
  type MeaningTerm,
  meaningTerms,
  type WordMeaning,
} from "./meaning";
export { MemoryDedupStore } from "./memory-store";
export {
  dedupProposal,
  markProposalExecuted,
  markProposalRejected,
  type NewProposal,
} from "./proposal";
export { closeTaskForDedup, dedupTask, type NewTask, taskMergeComment } from "./task";
export type {
  DedupLayer,
  DedupRecord,
  DedupRecordState,
  DedupStore,
  DedupVerdict,
  DuplicateAction,
  EmbedFunction,
} from "./types";
export { dedupLayers } from "./types";
