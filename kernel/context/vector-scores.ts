import type { EmbeddingProvider } from "../memory/embedding";

/**
 * The meaning part of message ranking: cosine of each message to the query under any
 * `EmbeddingProvider`. Message vectors are cached by id (a message never changes), so a long thread
 * is embedded once and each turn embeds only its new messages and the query. The cache is
 * injected: a Map in a benchmark, the Durable Object's storage in production.
 */

export interface MessageVectorCache {
  get(key: string): number[] | undefined;
  set(key: string, vector: number[]): void;
}

/** Provider calls are batched; endpoints cap inputs per request (OpenAI: 2,048). */
const BATCH = 256;

/**
 * @example
 * const scores = await messageVectorScores(provider, "who gets the invoice?", history, new Map());
 * rankMessages(query, history, { now, recencyHalfLifeMs, vectorScores: scores });
 */
export async function messageVectorScores(
  provider: EmbeddingProvider,
  query: string,
  messages: readonly { id: string; text: string }[],
  cache: MessageVectorCache,
): Promise<Map<string, number>> {
  // The space is part of the key: vectors of two providers are not comparable.
  const keyOf = (id: string) => `${provider.id}@${provider.dimension}:${id}`;
  const missing = messages.filter((m) => cache.get(keyOf(m.id)) === undefined);
  for (let i = 0; i < missing.length; i += BATCH) {
    const batch = missing.slice(i, i + BATCH);
    const vectors = await provider.embed(batch.map((m) => m.text));
    batch.forEach((m, j) => {
      cache.set(keyOf(m.id), vectors[j]!);
    });
  }
  const [queryVector] = await provider.embed([query]);
  const scores = new Map<string, number>();
  for (const m of messages) scores.set(m.id, cosine(queryVector!, cache.get(keyOf(m.id))!));
  return scores;
}

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * (b[i] ?? 0);
    na += a[i]! * a[i]!;
    nb += (b[i] ?? 0) * (b[i] ?? 0);
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
