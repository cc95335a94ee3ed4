import type { EmbeddingProvider } from "./embedding";
import type { KnowledgeHit } from "./tiers";
import type { MetadataFilter, VectorStore } from "./vector-store";

/**
 * The tenant knowledge base (memory tier 6): documents embedded into a vector store and searched
 * by meaning. The text travels in metadata so a hit can be put in a prompt without a second read.
 */

export interface KnowledgeDocument {
  id: string;
  text: string;
  /** Extra filterable fields (kind, entityId…); identifiers only, see METADATA_KEY. */
  tags?: Record<string, string | number | boolean>;
}

export async function indexKnowledge(
  store: VectorStore,
  embedder: EmbeddingProvider,
  documents: readonly KnowledgeDocument[],
): Promise<void> {
  if (documents.length === 0) return;
  const vectors = await embedder.embed(documents.map((doc) => doc.text));
  await store.upsert(
    documents.map((doc, i) => ({
      id: doc.id,
      vector: vectors[i]!,
      metadata: { ...doc.tags, text: doc.text },
    })),
  );
}

/**
 * @example
 * const hits = await searchKnowledge(store, embedder, "when do we send the first reminder?", { topK: 3 });
 * assembleContext({ …, knowledge: hits }, 2_000);
 */
export async function searchKnowledge(
  store: VectorStore,
  embedder: EmbeddingProvider,
  query: string,
  options: { topK: number; filter?: MetadataFilter },
): Promise<KnowledgeHit[]> {
  const [vector] = await embedder.embed([query]);
  if (!vector) return [];
  const matches = await store.query({ vector, topK: options.topK, filter: options.filter });
  return matches.map((match) => ({
    id: match.id,
    text: String(match.metadata.text ?? ""),
    score: match.score,
  }));
}
