/** The deduplication kernel: four layers over an injected store. See docs/dedup.md. */

export { argumentsSimilarity, canonicalArguments } from "./arguments.js";
export { dedupInboundMessage, type InboundMessage } from "./channel.js";
export { type DedupConfig, type DedupConfigInput, dedupConfigSchema, resolveDedupConfig } from "./config.js";
export { createDedupContext, type DedupContext, type DedupHelpers, type Instant } from "./context.js";
export { dedupFinding, type Finding, findingKey, maskVolatileNumbers } from "./discovery.js";
export {
  type DedupEvent,
  DedupEventError,
  dedupEvent,
  dedupEventSchema,
  parseDedupEventLine,
} from "./events.js";
export {
  compareMeaning,
  type MeaningComparison,
  type MeaningTerm,
  meaningTerms,
  type WordMeaning,
} from "./meaning.js";
export { MemoryDedupStore } from "./memory-store.js";
export {
  dedupProposal,
  markProposalExecuted,
  markProposalRejected,
  type NewProposal,
} from "./proposal.js";
export { closeTaskForDedup, dedupTask, type NewTask, taskMergeComment } from "./task.js";
export type {
  DedupLayer,
  DedupRecord,
  DedupRecordState,
  DedupStore,
  DedupVerdict,
  DuplicateAction,
  EmbedFunction,
} from "./types.js";
export { dedupLayers } from "./types.js";
