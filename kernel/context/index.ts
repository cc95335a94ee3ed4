/** The context kernel: thread resolution, links and merges, assembly under a budget, summary refresh. */
export * from "./assemble-context";
export * from "./bm25";
export { SECTION_TITLES, type SectionName } from "./context-candidates";
export * from "./entity-mentions";
export * from "./lexical-similarity";
export * from "./platform-keys";
export * from "./query-cues";
export * from "./rank-messages";
export * from "./resolve-thread";
export * from "./search-terms";
export * from "./summary-refresh";
export * from "./thread-links";
export * from "./threads";
export * from "./tokens";
export * from "./vector-scores";
