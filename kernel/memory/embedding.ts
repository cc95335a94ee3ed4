/**
 * Embeddings behind one interface: an OpenAI-compatible endpoint when configured, a deterministic
 * offline embedding otherwise. Vectors from different providers (or dimensions) are not
 * comparable, so a store records which provider filled it (see `embeddingSpace`).
 */
export interface EmbeddingProvider {
  /** "offline-hashed-ngrams", "openai:text-embedding-3-small", … */
  readonly id: string;
  readonly dimension: number;
  /** True for the deterministic offline embedding: callers say so plainly to users. */
  readonly offline: boolean;
  /** One vector per text, in order. */
  embed(texts: readonly string[]): Promise<number[][]>;
}

/** The name of a vector space: a namespace suffix so switching providers never mixes spaces. */
export function embeddingSpace(provider: Pick<EmbeddingProvider, "id" | "dimension">): string {
  return `${provider.id}@${provider.dimension}`.replace(/[^A-Za-z0-9@._-]/g, "_");
}
