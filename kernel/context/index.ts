/** The context kernel: thread resolution, links and merges, assembly under a budget, summary refresh. */
export * from "./assemble-context.js";
export * from "./bm25.js";
export { SECTION_TITLES, type SectionName } from "./context-candidates.js";
export * from "./entity-mentions.js";
export * from "./lexical-similarity.js";
export * from "./platform-keys.js";
export * from "./query-cues.js";
export * from "./rank-messages.js";
export * from "./resolve-thread.js";
export * from "./search-terms.js";
export * from "./summary-refresh.js";
export * from "./thread-links.js";
export * from "./threads.js";
export * from "./tokens.js";
export * from "./vector-scores.js";
