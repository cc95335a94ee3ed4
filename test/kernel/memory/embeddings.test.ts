import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { embeddingSpace } from "../../../kernel/memory/embedding";
import {
  createExactCosineVectorStore,
  createInMemoryVectorRowStorage,
} from "../../../kernel/memory/exact-cosine-store";
import { indexKnowledge, searchKnowledge } from "../../../kernel/memory/knowledge-base";
import { cosineSimilarity } from "../../../kernel/memory/vector-store";
import { createOfflineHashedEmbedding } from "../../../providers/embeddings/offline-hashed";
import { createOpenAICompatibleEmbedding } from "../../../providers/embeddings/openai-compatible";

describe("offline hashed embedding", () => {
  const embedder = createOfflineHashedEmbedding();

  it("is deterministic, unit length and of the configured dimension", async () => {
    const [a, b] = await embedder.embed(["Invoice INV-1042 is overdue", "Invoice INV-1042 is overdue"]);
    expect(a).toEqual(b);
    expect(a).toHaveLength(512);
    expect(Math.hypot(...a!)).toBeCloseTo(1, 10);
    expect(embedder.offline).toBe(true);
  });

  it("ranks shared wording above unrelated text, and tolerates inflection", async () => {
    const [query, close, inflected, unrelated] = await embedder.embed([
      "first payment reminder policy",
      "Policy: the first reminder goes out 3 days after the due date",
      "payments reminders policies",
      "office plants are watered on mondays",
    ]);
    const sim = (v: number[] | undefined) => cosineSimilarity(query!, v!);
    expect(sim(close)).toBeGreaterThan(sim(unrelated) + 0.25);
    expect(sim(inflected)).toBeGreaterThan(sim(unrelated));
  });

  it("feeds the knowledge base end to end with the embedded store", async () => {
    const store = createExactCosineVectorStore(createInMemoryVectorRowStorage(), { dimension: 512 });
    await indexKnowledge(store, embedder, [
      {
        id: "k1",
        text: "Payment reminders: first reminder 3 days after the due date",
        tags: { kind: "policy" },
      },
      { id: "k2", text: "The office is closed on public holidays", tags: { kind: "policy" } },
      { id: "k3", text: "Reminder wording template for late payment", tags: { kind: "template" } },
    ]);
    const hits = await searchKnowledge(
      store,
      embedder,
      "how many days after the due date is the first reminder?",
      { topK: 2 },
    );
    expect(hits[0]).toMatchObject({ id: "k1", text: expect.stringContaining("3 days") });
    const policies = await searchKnowledge(store, embedder, "reminder template", {
      topK: 5,
      filter: { kind: "policy" },
    });
    expect(policies.map((hit) => hit.id)).not.toContain("k3");
  });

  it("names its vector space so providers are never mixed", () => {
    expect(embeddingSpace(embedder)).toBe("offline-hashed-ngrams@512");
  });
});

describe("OpenAI-compatible embedding over fetch", () => {
  const BASE = "https://llm.example.test/v1";
  const seen: { auth: string | null; body: unknown }[] = [];
  const server = setupServer(
    http.post(`${BASE}/embeddings`, async ({ request }) => {
      const body = (await request.json()) as { input: string[] };
      seen.push({ auth: request.headers.get("authorization"), body });
      if (body.input.includes("overload")) {
        return HttpResponse.json(
          { error: { message: "rate limited" } },
          { status: 429, headers: { "retry-after": "7" } },
        );
      }
      // Out of order on purpose: clients must place vectors by `index`, not by position.
      const data = body.input.map((text, index) => ({
        object: "embedding",
        index,
        embedding: [text.length, index, 1],
      }));
      return HttpResponse.json({
        object: "list",
        data: data.reverse(),
        model: "m",
        usage: { prompt_tokens: 3, total_tokens: 3 },
      });
    }),
  );
  beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
  afterEach(() => {
    seen.length = 0;
  });
  afterAll(() => server.close());

  const embedder = createOpenAICompatibleEmbedding({
    baseUrl: `${BASE}/`,
    apiKey: "sk-test",
    model: "m",
    dimension: 3,
  });

  it("posts the texts and returns vectors in input order", async () => {
    expect(await embedder.embed(["ab", "abcd"])).toEqual([
      [2, 0, 1],
      [4, 1, 1],
    ]);
    expect(seen).toEqual([
      { auth: "Bearer sk-test", body: { model: "m", input: ["ab", "abcd"], encoding_format: "float" } },
    ]);
  });

  it("turns a 429 into a retryable provider error with its retry-after", async () => {
    await expect(embedder.embed(["overload"])).rejects.toMatchObject({
      name: "ProviderError",
      status: 429,
      retryable: true,
      retryAfterSeconds: 7,
    });
  });

  it("refuses vectors of a dimension other than configured", async () => {
    const wrong = createOpenAICompatibleEmbedding({ baseUrl: BASE, apiKey: "k", model: "m", dimension: 8 });
    await expect(wrong.embed(["x"])).rejects.toThrow(/3 dimensions, configured 8/);
  });
});
