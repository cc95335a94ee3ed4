/**
 * The tenant's knowledge base (memory tier 6), searched by meaning. Upstash Vector when
 * UPSTASH_VECTOR_REST_URL and UPSTASH_VECTOR_REST_TOKEN are set; otherwise the embedded
 * exact-cosine store in the SQLite of one ContextThread object per tenant, named
 * `<tenant>:knowledge` (a tenant-wide store, so thread objects do not each keep a copy).
 * Embeddings: an OpenAI-compatible endpoint when EMBEDDING_API_KEY is set, else the offline
 * hashed embedding (deterministic, and labelled offline).
 */
import { z } from "zod";
import {
  createExactCosineVectorStore,
  createSqlVectorRowStorage,
  type EmbeddingProvider,
  embeddingSpace,
  type KnowledgeDocument,
  type SqlLike,
  type VectorStore,
} from "../../kernel/memory";
import { createOfflineHashedEmbedding } from "../../providers/embeddings/offline-hashed";
import { createOpenAICompatibleEmbedding } from "../../providers/embeddings/openai-compatible";
import { createUpstashVectorStore } from "../../providers/vector/upstash-vector";

const KnowledgeEnvSchema = z.object({
  UPSTASH_VECTOR_REST_URL: z.url().optional(),
  UPSTASH_VECTOR_REST_TOKEN: z.string().min(1).optional(),
  EMBEDDING_API_KEY: z.string().min(1).optional(),
  EMBEDDING_BASE_URL: z.url().default("https://api.openai.com/v1"),
  EMBEDDING_MODEL: z.string().default("text-embedding-3-small"),
  EMBEDDING_DIMENSION: z.coerce.number().int().min(8).default(1536),
});
type KnowledgeEnv = z.infer<typeof KnowledgeEnvSchema>;

export const KnowledgeDocumentSchema = z
  .object({
    id: z.string().min(1).max(200),
    text: z.string().min(1).max(20_000),
    tags: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.union([z.string(), z.number(), z.boolean()]))
      .optional(),
  })
  .strict();

export function knowledgeSettings(env: object): KnowledgeEnv {
  return KnowledgeEnvSchema.parse(env);
}

export function knowledgeEmbedder(settings: KnowledgeEnv): EmbeddingProvider {
  return settings.EMBEDDING_API_KEY
    ? createOpenAICompatibleEmbedding({
        baseUrl: settings.EMBEDDING_BASE_URL,
        apiKey: settings.EMBEDDING_API_KEY,
        model: settings.EMBEDDING_MODEL,
        dimension: settings.EMBEDDING_DIMENSION,
      })
    : createOfflineHashedEmbedding();
}

/** True when the hosted backend is configured (the worker then never touches the embedded store). */
export function usesUpstash(settings: KnowledgeEnv): boolean {
  return !!settings.UPSTASH_VECTOR_REST_URL && !!settings.UPSTASH_VECTOR_REST_TOKEN;
}

/**
 * The store for one tenant. The namespace carries the embedding space, so switching providers
 * never mixes vectors of different models.
 */
export function knowledgeStore(
  settings: KnowledgeEnv,
  embedder: EmbeddingProvider,
  tenantId: string,
  sql?: SqlLike,
): VectorStore {
  const namespace = `${tenantId}.${embeddingSpace(embedder)}`;
  if (usesUpstash(settings)) {
    return createUpstashVectorStore({
      url: settings.UPSTASH_VECTOR_REST_URL!,
      token: settings.UPSTASH_VECTOR_REST_TOKEN!,
      namespace,
      dimension: embedder.dimension,
    });
  }
  if (!sql) throw new Error("the embedded knowledge store lives in the tenant's knowledge object");
  return createExactCosineVectorStore(createSqlVectorRowStorage(sql, namespace), {
    dimension: embedder.dimension,
  });
}

export const knowledgeObjectName = (tenantId: string) => `${tenantId}:knowledge`;

export type { KnowledgeDocument };

/** The tenant's knowledge base as its knowledge object holds it: the store and its embedder. */
export function tenantKnowledge(env: object, tenantId: string, sql: SqlStorage) {
  const settings = knowledgeSettings(env);
  const embedder = knowledgeEmbedder(settings);
  return { store: knowledgeStore(settings, embedder, tenantId, sql), embedder };
}
