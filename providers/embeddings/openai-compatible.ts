import { z } from "zod";
import type { EmbeddingProvider } from "../../kernel/memory/embedding";
import { ProviderError } from "../types";

/**
 * Embeddings from any OpenAI-compatible `/embeddings` endpoint over plain fetch (OpenAI, Azure
 * OpenAI, Ollama, vLLM, LiteLLM…). fetch is injectable so tests mock the HTTP boundary and the
 * worker can pass its own. The response is validated: a vector of the wrong size would silently
 * poison the index.
 */

export interface OpenAICompatibleEmbeddingConfig {
  /** e.g. "https://api.openai.com/v1" */
  baseUrl: string;
  apiKey: string;
  model: string;
  dimension: number;
  /** Send `dimensions` (models that can shorten their vectors, like text-embedding-3-*). */
  requestDimensions?: boolean;
  fetch?: typeof fetch;
}

const embeddingsResponse = z.object({
  data: z.array(z.object({ index: z.number().int().nonnegative(), embedding: z.array(z.number()) })),
});

export function createOpenAICompatibleEmbedding(config: OpenAICompatibleEmbeddingConfig): EmbeddingProvider {
  // Looked up per call, not captured: test interceptors and polyfills replace globalThis.fetch later.
  const doFetch =
    config.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const provider = `openai-compatible:${config.model}`;
  return {
    id: `openai:${config.model}`,
    dimension: config.dimension,
    offline: false,
    async embed(texts) {
      if (texts.length === 0) return [];
      const response = await doFetch(`${config.baseUrl.replace(/\/+$/, "")}/embeddings`, {
        method: "POST",
        headers: { authorization: `Bearer ${config.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({
          model: config.model,
          input: texts,
          encoding_format: "float",
          ...(config.requestDimensions ? { dimensions: config.dimension } : {}),
        }),
      });
      if (!response.ok) {
        const retryAfter = Number(response.headers.get("retry-after"));
        throw new ProviderError(
          `embeddings request failed with ${response.status}: ${(await response.text()).slice(0, 200)}`,
          provider,
          response.status,
          Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
          response.status === 429 || response.status >= 500,
        );
      }
      const parsed = embeddingsResponse.safeParse(await response.json());
      if (!parsed.success) {
        throw new ProviderError(
          `embeddings response malformed: ${parsed.error.message}`,
          provider,
          200,
          undefined,
          false,
        );
      }
      const vectors = new Array<number[] | undefined>(texts.length);
      for (const item of parsed.data.data) vectors[item.index] = item.embedding;
      return vectors.map((vector, i) => {
        if (!vector)
          throw new ProviderError(`no embedding returned for input ${i}`, provider, 200, undefined, false);
        if (vector.length !== config.dimension) {
          throw new ProviderError(
            `embedding ${i} has ${vector.length} dimensions, configured ${config.dimension}`,
            provider,
            200,
            undefined,
            false,
          );
        }
        return vector;
      });
    },
  };
}
