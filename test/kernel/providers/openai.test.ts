import { delay, HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { OpenAICompatibleProvider } from "../../../providers/openai";
import { type CompletionRequest, ProviderError } from "../../../providers/types";
import { strictOpenAIChat } from "./vendor-requests";
import { openAIChatCompletion, openAIError } from "./vendor-responses";

const BASE = "https://llm.example.test/v1";
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const provider = (timeoutMs?: number) =>
  new OpenAICompatibleProvider({ id: "groq", apiKey: "sk-test", baseURL: BASE, timeoutMs });

const request: CompletionRequest = {
  model: "gpt-5-mini",
  system: "You are the finance agent.",
  messages: [
    { role: "user", content: "Is invoice INV-7 paid?" },
    {
      role: "assistant",
      content: "",
      toolCalls: [{ id: "call_1", name: "lookup_invoice", input: { number: "INV-7" } }],
    },
    { role: "tool", toolCallId: "call_1", name: "lookup_invoice", content: '{"status":"open"}' },
  ],
  tools: [
    {
      name: "lookup_invoice",
      description: "Find an invoice",
      inputSchema: { type: "object", properties: {} },
    },
  ],
  maxOutputTokens: 300,
};

describe("OpenAI-compatible provider", () => {
  it("sends the conversation, tools and output cap in Chat Completions form", async () => {
    let body: Record<string, unknown> = {};
    let auth = "";
    server.use(
      // The strict fake refuses what Chat Completions would refuse, so the request is well formed.
      strictOpenAIChat(BASE, "sk-test", (sentBody, sent) => {
        body = sentBody;
        auth = sent.headers.get("authorization") ?? "";
        return HttpResponse.json(openAIChatCompletion({ content: "Still open." }));
      }),
    );
    await provider().complete(request);
    expect(auth).toBe("Bearer sk-test");
    expect(body.model).toBe("gpt-5-mini");
    // A non-OpenAI base URL gets the field every compatible server understands.
    expect(body.max_tokens).toBe(300);
    expect(body.messages).toEqual([
      { role: "system", content: "You are the finance agent." },
      { role: "user", content: "Is invoice INV-7 paid?" },
      {
        role: "assistant",
        content: null,
        tool_calls: [
          {
            id: "call_1",
            type: "function",
            function: { name: "lookup_invoice", arguments: '{"number":"INV-7"}' },
          },
        ],
      },
      { role: "tool", tool_call_id: "call_1", content: '{"status":"open"}' },
    ]);
    expect(body.tools).toEqual([
      {
        type: "function",
        function: {
          name: "lookup_invoice",
          description: "Find an invoice",
          parameters: { type: "object", properties: {} },
        },
      },
    ]);
  });

  it("normalises text, usage with cached tokens, and the model that answered", async () => {
    server.use(
      http.post(`${BASE}/chat/completions`, () =>
        HttpResponse.json(
          openAIChatCompletion({
            content: "Still open.",
            promptTokens: 1200,
            completionTokens: 40,
            cachedTokens: 1024,
          }),
        ),
      ),
    );
    const result = await provider().complete(request);
    expect(result).toEqual({
      text: "Still open.",
      toolCalls: [],
      usage: { inputTokens: 1200, outputTokens: 40, cachedInputTokens: 1024 },
      model: "gpt-5-mini-2025-08-07",
      stopReason: "end",
    });
  });

  it("parses tool calls into objects", async () => {
    server.use(
      http.post(`${BASE}/chat/completions`, () =>
        HttpResponse.json(
          openAIChatCompletion({
            content: null,
            toolCalls: [{ id: "call_9", name: "send_reminder", arguments: '{"invoice":"INV-7","days":3}' }],
          }),
        ),
      ),
    );
    const result = await provider().complete(request);
    expect(result.stopReason).toBe("tool_use");
    expect(result.text).toBe("");
    expect(result.toolCalls).toEqual([
      { id: "call_9", name: "send_reminder", input: { invoice: "INV-7", days: 3 } },
    ]);
  });

  it("refuses tool arguments that are not a JSON object", async () => {
    server.use(
      http.post(`${BASE}/chat/completions`, () =>
        HttpResponse.json(
          openAIChatCompletion({
            content: null,
            toolCalls: [{ id: "c", name: "x", arguments: "{not json" }],
          }),
        ),
      ),
    );
    await expect(provider().complete(request)).rejects.toMatchObject({
      name: "ProviderError",
      retryable: false,
    });
  });

  it("maps 429 with Retry-After to a retryable error carrying the wait", async () => {
    server.use(
      http.post(`${BASE}/chat/completions`, () =>
        HttpResponse.json(
          openAIError("Rate limit reached for gpt-5-mini", "requests", "rate_limit_exceeded"),
          {
            status: 429,
            headers: { "retry-after": "20" },
          },
        ),
      ),
    );
    const error = await provider()
      .complete(request)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: "groq", status: 429, retryAfterSeconds: 20, retryable: true });
  });

  it("treats an exhausted quota as not worth retrying", async () => {
    server.use(
      http.post(`${BASE}/chat/completions`, () =>
        HttpResponse.json(
          openAIError("You exceeded your current quota", "insufficient_quota", "insufficient_quota"),
          {
            status: 429,
          },
        ),
      ),
    );
    await expect(provider().complete(request)).rejects.toMatchObject({ status: 429, retryable: false });
  });

  it("maps 5xx to retryable and 400 to not retryable", async () => {
    server.use(
      http.post(`${BASE}/chat/completions`, () =>
        HttpResponse.json(openAIError("The server had an error", "server_error", null), { status: 503 }),
      ),
    );
    await expect(provider().complete(request)).rejects.toMatchObject({ status: 503, retryable: true });
    server.use(
      http.post(`${BASE}/chat/completions`, () =>
        HttpResponse.json(openAIError("Invalid 'messages'", "invalid_request_error", null), { status: 400 }),
      ),
    );
    await expect(provider().complete(request)).rejects.toMatchObject({ status: 400, retryable: false });
  });

  it("maps a timeout to a retryable error without a status", async () => {
    server.use(
      http.post(`${BASE}/chat/completions`, async () => {
        await delay(2_000);
        return HttpResponse.json(openAIChatCompletion({}));
      }),
    );
    await expect(provider(50).complete(request)).rejects.toMatchObject({
      status: undefined,
      retryable: true,
    });
  });

  it("maps a network failure to a retryable error", async () => {
    server.use(http.post(`${BASE}/chat/completions`, () => HttpResponse.error()));
    await expect(provider().complete(request)).rejects.toMatchObject({ status: undefined, retryable: true });
  });

  it("uses max_completion_tokens against OpenAI itself", async () => {
    let body: Record<string, unknown> = {};
    server.use(
      http.post("https://api.openai.com/v1/chat/completions", async ({ request: sent }) => {
        body = (await sent.json()) as Record<string, unknown>;
        return HttpResponse.json(openAIChatCompletion({}));
      }),
    );
    await new OpenAICompatibleProvider({ id: "openai", apiKey: "sk-test" }).complete(request);
    expect(body.max_completion_tokens).toBe(300);
    expect(body.max_tokens).toBeUndefined();
  });
});
