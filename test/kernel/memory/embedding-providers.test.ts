import { describe, expect, it } from "vitest";
import { embeddingSpace } from "../../../kernel/memory/embedding";
import { cosineSimilarity } from "../../../kernel/memory/vector-store";
import { createOfflineWordVectorEmbedding } from "../../../providers/embeddings/offline-word-vectors";
import { EmbeddingConfigError, selectEmbeddingProvider } from "../../../providers/embeddings/select";
import { decodeBase64, wordVectorTable } from "../../../providers/embeddings/word-vectors/word-vector-table";
import { createWorkersAiEmbedding, type WorkersAiBinding } from "../../../providers/embeddings/workers-ai";
import { ProviderError } from "../../../providers/types";

describe("offline word-vector embedding", () => {
  const embedder = createOfflineWordVectorEmbedding();

  it("is deterministic, unit length, and names its space", async () => {
    const [a, b] = await embedder.embed(["Ring the client today", "Ring the client today"]);
    expect(a).toEqual(b);
    expect(a).toHaveLength(embedder.dimension);
    expect(Math.hypot(...a!)).toBeCloseTo(1, 6);
    expect(embedder.offline).toBe(true);
    expect(embeddingSpace(embedder)).toBe(`offline-glove-sif@${embedder.dimension}`);
  });

  it("places sentences about the same thing nearer than unrelated ones that share no words", async () => {
    const [query, related, unrelated] = await embedder.embed([
      "Phone the customer about the overdue payment",
      "Ring the client regarding money they still owe",
      "Plant tulips along the garden path",
    ]);
    expect(cosineSimilarity(query!, related!)).toBeGreaterThan(cosineSimilarity(query!, unrelated!) + 0.2);
  });

  it("borrows English vectors for German and French words, and hashes unknown words", () => {
    const table = wordVectorTable();
    const same = (a: string, b: string) =>
      cosineSimilarity(Array.from(table.lookup(a).vector), Array.from(table.lookup(b).vector));
    expect(same("Rechnung", "invoice")).toBeCloseTo(1, 5);
    expect(same("facture", "invoice")).toBeCloseTo(1, 5);
    expect(same("Société", "company")).toBeCloseTo(1, 5);
    expect(table.lookup("INV-1042x").known).toBe(false);
    expect(same("INV-1042x", "INV-1042x")).toBeCloseTo(1, 5);
    expect(Math.abs(same("INV-1042x", "INV-1043x"))).toBeLessThan(0.5);
    expect(table.lookup("invoices").known).toBe(true);
    expect(table.lookup("the").weight).toBeLessThan(table.lookup("payroll").weight);
  });

  it("decodes base64 exactly", () => {
    expect(Array.from(decodeBase64("AAEC/w=="))).toEqual([0, 1, 2, 255]);
    expect(Array.from(decodeBase64("AAECAw=="))).toEqual([0, 1, 2, 3]);
    expect(Array.from(decodeBase64("AAEC"))).toEqual([0, 1, 2]);
  });
});

/** A stand-in for the `AI` binding that answers the way Workers AI documents for BGE models. */
function fakeAi(dimension: number, overrides: Partial<{ answer: unknown; throws: Error }> = {}) {
  const calls: Array<{ model: string; inputs: { text: string[]; pooling?: string } }> = [];
  const ai: WorkersAiBinding = {
    async run(model, inputs) {
      calls.push({ model, inputs });
      if (overrides.throws) throw overrides.throws;
      if (overrides.answer !== undefined) return overrides.answer;
      return {
        shape: [inputs.text.length, dimension],
        data: inputs.text.map((text) => Array.from({ length: dimension }, (_, i) => (text.length + i) % 7)),
        pooling: inputs.pooling ?? "mean",
      };
    },
  };
  return { ai, calls };
}

describe("Workers AI embedding", () => {
  it("sends batches of at most 100 texts with cls pooling and keeps their order", async () => {
    const { ai, calls } = fakeAi(768);
    const embedder = createWorkersAiEmbedding({ ai });
    const texts = Array.from({ length: 150 }, (_, i) => "x".repeat(i + 1));
    const vectors = await embedder.embed(texts);
    expect(vectors).toHaveLength(150);
    expect(calls.map((call) => call.inputs.text.length)).toEqual([100, 50]);
    expect(calls[0]).toMatchObject({ model: "@cf/baai/bge-base-en-v1.5", inputs: { pooling: "cls" } });
    expect(vectors[120]![0]).toBe(121 % 7);
    expect(embedder.id).toBe("workers-ai:@cf/baai/bge-base-en-v1.5:cls");
  });

  it("refuses vectors of the wrong size or a malformed answer", async () => {
    const wrongSize = createWorkersAiEmbedding({ ai: fakeAi(384).ai });
    await expect(wrongSize.embed(["a"])).rejects.toThrow(/384 dimensions, expected 768/);
    const malformed = createWorkersAiEmbedding({ ai: fakeAi(768, { answer: { request_id: "r1" } }).ai });
    await expect(malformed.embed(["a"])).rejects.toThrow(/without embeddings/);
  });

  it("turns a failing binding into a retryable provider error", async () => {
    const embedder = createWorkersAiEmbedding({ ai: fakeAi(768, { throws: new Error("capacity") }).ai });
    const error = await embedder.embed(["a"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ retryable: true, message: expect.stringContaining("capacity") });
  });

  it("needs a dimension for a model it does not know", () => {
    expect(() => createWorkersAiEmbedding({ ai: fakeAi(8).ai, model: "@cf/new/model" })).toThrow(/dimension/);
  });
});

describe("choosing the embedding", () => {
  it("uses the offline word vectors by default, Workers AI when bound, OpenAI when configured", () => {
    expect(selectEmbeddingProvider({}).id).toBe("offline-glove-sif");
    const { ai } = fakeAi(768);
    expect(selectEmbeddingProvider({ AI: ai }).id).toBe("workers-ai:@cf/baai/bge-base-en-v1.5:cls");
    expect(selectEmbeddingProvider({ AI: ai, EMBEDDING_API_KEY: "k" }).id).toBe(
      "openai:text-embedding-3-small",
    );
    expect(selectEmbeddingProvider({ AI: ai, EMBEDDING_PROVIDER: "offline-hashed" }).id).toBe(
      "offline-hashed-ngrams",
    );
  });

  it("names the missing setting instead of falling back silently", () => {
    expect(() => selectEmbeddingProvider({ EMBEDDING_PROVIDER: "workers-ai" })).toThrow(EmbeddingConfigError);
    expect(() => selectEmbeddingProvider({ EMBEDDING_PROVIDER: "openai" })).toThrow(/EMBEDDING_API_KEY/);
    expect(() => selectEmbeddingProvider({ EMBEDDING_PROVIDER: "bert" })).toThrow(/EMBEDDING_PROVIDER/);
  });
});
