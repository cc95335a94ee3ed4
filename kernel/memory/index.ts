/** Memory tiers, versioned facts, the vector store contract and its embedded backend. */
export * from "./embedding.js";
export * from "./exact-cosine-store.js";
export * from "./facts.js";
export * from "./knowledge-base.js";
export * from "./sql-vector-row-storage.js";
export * from "./tiers.js";
export * from "./vector-store.js";
