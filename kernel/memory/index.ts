/** Memory tiers, versioned facts, the vector store contract and its embedded backend. */
export * from "./embedding";
export * from "./exact-cosine-store";
export * from "./facts";
export * from "./knowledge-base";
export * from "./sql-vector-row-storage";
export * from "./tiers";
export * from "./vector-store";
