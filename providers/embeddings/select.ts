import { z } from "zod";
import type { EmbeddingProvider } from "../../kernel/memory/embedding";
import { createOfflineHashedEmbedding } from "./offline-hashed";
import { createOfflineWordVectorEmbedding } from "./offline-word-vectors";
import { createOpenAICompatibleEmbedding } from "./openai-compatible";
import { createWorkersAiEmbedding, type WorkersAiBinding } from "./workers-ai";

/**
 * Which embedding a tenant's Worker uses, from its environment, in one place:
 * - `EMBEDDING_PROVIDER` names one outright (`openai`, `workers-ai`, `offline`, `offline-hashed`);
 * - otherwise an OpenAI-compatible endpoint when `EMBEDDING_API_KEY` is set (a deliberate choice),
 * - else Workers AI when the `AI` binding is bound (production on Cloudflare),
 * - else the offline word-vector embedding (local use, tests, benchmarks).
 * The hashed embedding is only chosen by name: it measures wording, not meaning.
 */
export const embeddingSettingsSchema = z.object({
  EMBEDDING_PROVIDER: z.enum(["openai", "workers-ai", "offline", "offline-hashed"]).optional(),
  EMBEDDING_API_KEY: z.string().min(1).optional(),
  EMBEDDING_BASE_URL: z.url().default("https://api.openai.com/v1"),
  EMBEDDING_MODEL: z.string().min(1).optional(),
  EMBEDDING_DIMENSION: z.coerce.number().int().min(8).optional(),
});
export type EmbeddingSettings = z.infer<typeof embeddingSettingsSchema>;

export interface EmbeddingBindings {
  AI?: WorkersAiBinding;
}

export class EmbeddingConfigError extends Error {
  override readonly name = "EmbeddingConfigError";
}

/**
 * @example selectEmbeddingProvider({}).id // "offline-glove-sif"
 * @example selectEmbeddingProvider({ AI: env.AI }).id // "workers-ai:@cf/baai/bge-base-en-v1.5:cls"
 * @throws EmbeddingConfigError naming the setting when the environment asks for something it lacks
 */
export function selectEmbeddingProvider(
  env: EmbeddingBindings & Partial<Record<keyof EmbeddingSettings, unknown>>,
): EmbeddingProvider {
  const parsed = embeddingSettingsSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new EmbeddingConfigError(`${issue.path.join(".")}: ${issue.message}`);
  }
  const settings = parsed.data;
  const choice =
    settings.EMBEDDING_PROVIDER ??
    (settings.EMBEDDING_API_KEY ? "openai" : env.AI ? "workers-ai" : "offline");
  switch (choice) {
    case "openai":
      if (!settings.EMBEDDING_API_KEY)
        throw new EmbeddingConfigError("EMBEDDING_PROVIDER=openai needs EMBEDDING_API_KEY");
      return createOpenAICompatibleEmbedding({
        baseUrl: settings.EMBEDDING_BASE_URL,
        apiKey: settings.EMBEDDING_API_KEY,
        model: settings.EMBEDDING_MODEL ?? "text-embedding-3-small",
        dimension: settings.EMBEDDING_DIMENSION ?? 1536,
      });
    case "workers-ai":
      if (!env.AI) throw new EmbeddingConfigError("EMBEDDING_PROVIDER=workers-ai needs the AI binding");
      return createWorkersAiEmbedding({
        ai: env.AI,
        model: settings.EMBEDDING_MODEL,
        dimension: settings.EMBEDDING_DIMENSION,
      });
    case "offline":
      return createOfflineWordVectorEmbedding();
    case "offline-hashed":
      return createOfflineHashedEmbedding();
  }
}
