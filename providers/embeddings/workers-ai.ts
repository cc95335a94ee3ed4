import { z } from "zod";
import type { EmbeddingProvider } from "../../kernel/memory/embedding";
import { ProviderError } from "../types";

/**
 * Embeddings from Workers AI through the Worker's `AI` binding (BGE models, e.g.
 * `@cf/baai/bge-base-en-v1.5`). The binding is typed structurally so a unit test can pass a
 * plain object shaped like the platform's answer; the answer is validated, because a vector of
 * the wrong size would silently poison an index. `cls` pooling is what Cloudflare recommends
 * for new indexes (its vectors are not comparable with the default `mean` pooling, which is why
 * the pooling is part of the provider id and so of the vector space's name).
 */

/** The part of Cloudflare's `Ai` binding this provider uses. */
export interface WorkersAiBinding {
  run(model: string, inputs: { text: string[]; pooling?: "mean" | "cls" }): Promise<unknown>;
}

/** Output sizes of the BGE models Workers AI serves. */
export const workersAiEmbeddingDimensions: Readonly<Record<string, number>> = {
  "@cf/baai/bge-small-en-v1.5": 384,
  "@cf/baai/bge-base-en-v1.5": 768,
  "@cf/baai/bge-large-en-v1.5": 1024,
  "@cf/baai/bge-m3": 1024,
};

export interface WorkersAiEmbeddingConfig {
  ai: WorkersAiBinding;
  /** Default `@cf/baai/bge-base-en-v1.5`. */
  model?: string;
  /** Required for a model not in `workersAiEmbeddingDimensions`. */
  dimension?: number;
  pooling?: "mean" | "cls";
}

/** Texts per `run` call: Workers AI's text-embedding models take at most 100 inputs per request. */
const maxBatch = 100;

const embeddingOutput = z.object({ data: z.array(z.array(z.number())) });

export function createWorkersAiEmbedding(config: WorkersAiEmbeddingConfig): EmbeddingProvider {
  const model = config.model ?? "@cf/baai/bge-base-en-v1.5";
  const dimension = config.dimension ?? workersAiEmbeddingDimensions[model];
  if (!dimension) throw new Error(`unknown Workers AI embedding model ${model}: set its dimension`);
  const pooling = config.pooling ?? "cls";
  const provider = `workers-ai:${model}`;
  const fail = (message: string, retryable: boolean, status = 200) =>
    new ProviderError(message, provider, status, undefined, retryable);
  return {
    id: `workers-ai:${model}:${pooling}`,
    dimension,
    offline: false,
    async embed(texts) {
      const vectors: number[][] = [];
      for (let start = 0; start < texts.length; start += maxBatch) {
        const batch = texts.slice(start, start + maxBatch);
        let answer: unknown;
        try {
          answer = await config.ai.run(model, { text: [...batch], pooling });
        } catch (error) {
          // The binding throws on capacity and network trouble: worth a retry; the message says which.
          throw fail(
            `Workers AI ${model} failed: ${error instanceof Error ? error.message : error}`,
            true,
            502,
          );
        }
        const parsed = embeddingOutput.safeParse(answer);
        if (!parsed.success) throw fail(`Workers AI ${model} answered without embeddings`, false);
        if (parsed.data.data.length !== batch.length)
          throw fail(
            `Workers AI ${model} returned ${parsed.data.data.length} vectors for ${batch.length} texts`,
            false,
          );
        for (const [i, vector] of parsed.data.data.entries()) {
          if (vector.length !== dimension)
            throw fail(
              `embedding ${start + i} has ${vector.length} dimensions, expected ${dimension}`,
              false,
            );
          vectors.push(vector);
        }
      }
      return vectors;
    },
  };
}
