import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AnthropicProvider } from "../../../providers/anthropic";
import type { CompletionRequest } from "../../../providers/types";
import { strictAnthropicMessages } from "./vendor-requests";
import { anthropicError, anthropicMessage } from "./vendor-responses";

const BASE = "https://anthropic.example.test";
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const provider = () => new AnthropicProvider({ id: "anthropic", apiKey: "sk-ant-test", baseURL: BASE });

const request: CompletionRequest = {
  model: "claude-sonnet-4-6",
  system: "You are the CRM agent.",
  messages: [
    { role: "user", content: "Update the deal stage for ACME." },
    {
      role: "assistant",
      content: "Looking it up.",
      toolCalls: [
        { id: "toolu_1", name: "find_deal", input: { company: "ACME" } },
        { id: "toolu_2", name: "find_contact", input: { company: "ACME" } },
      ],
    },
    { role: "tool", toolCallId: "toolu_1", name: "find_deal", content: '{"id":"D-4"}' },
    { role: "tool", toolCallId: "toolu_2", name: "find_contact", content: "not found", isError: true },
  ],
  tools: [
    {
      name: "find_deal",
      description: "Find a deal",
      inputSchema: { type: "object", properties: { company: { type: "string" } } },
    },
  ],
  maxOutputTokens: 1024,
  metadata: { tenantId: "t_42" },
};

describe("Anthropic provider", () => {
  it("sends Messages API turns, merging consecutive tool results into one user turn", async () => {
    let body: Record<string, unknown> = {};
    let credentials: (string | null)[] = [];
    server.use(
      // The strict fake refuses what the Messages API would refuse, so the request is well formed.
      strictAnthropicMessages(BASE, "sk-ant-test", (sentBody, sent) => {
        body = sentBody;
        credentials = [sent.headers.get("x-api-key"), sent.headers.get("authorization")];
        return HttpResponse.json(anthropicMessage({ text: "Moved to negotiation." }));
      }),
    );
    await provider().complete(request);
    // SDK versions differ in the header they use for the key; either must carry this tenant's key.
    expect(credentials.some((value) => value === "sk-ant-test" || value === "Bearer sk-ant-test")).toBe(true);
    expect(body).toMatchObject({
      model: "claude-sonnet-4-6",
      max_tokens: 1024,
      system: "You are the CRM agent.",
      metadata: { user_id: "t_42" },
    });
    expect(body.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "Update the deal stage for ACME." }] },
      {
        role: "assistant",
        content: [
          { type: "text", text: "Looking it up." },
          { type: "tool_use", id: "toolu_1", name: "find_deal", input: { company: "ACME" } },
          { type: "tool_use", id: "toolu_2", name: "find_contact", input: { company: "ACME" } },
        ],
      },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "toolu_1", content: '{"id":"D-4"}', is_error: false },
          { type: "tool_result", tool_use_id: "toolu_2", content: "not found", is_error: true },
        ],
      },
    ]);
    expect(body.tools).toEqual([
      {
        name: "find_deal",
        description: "Find a deal",
        input_schema: { type: "object", properties: { company: { type: "string" } } },
      },
    ]);
  });

  it("normalises tool_use blocks, stop reason and usage including cache reads", async () => {
    server.use(
      http.post(`${BASE}/v1/messages`, () =>
        HttpResponse.json(
          anthropicMessage({
            text: "I'll update it.",
            toolUses: [{ id: "toolu_3", name: "update_deal", input: { id: "D-4", stage: "negotiation" } }],
            inputTokens: 300,
            cacheReadTokens: 2000,
            cacheCreationTokens: 100,
            outputTokens: 80,
          }),
        ),
      ),
    );
    const result = await provider().complete(request);
    expect(result).toEqual({
      text: "I'll update it.",
      toolCalls: [{ id: "toolu_3", name: "update_deal", input: { id: "D-4", stage: "negotiation" } }],
      // input_tokens excludes cached tokens at Anthropic; the normalised count includes them.
      usage: { inputTokens: 2400, outputTokens: 80, cachedInputTokens: 2000 },
      model: "claude-sonnet-4-5-20250929",
      stopReason: "tool_use",
    });
  });

  it("maps max_tokens and refusal stop reasons", async () => {
    server.use(
      http.post(`${BASE}/v1/messages`, () =>
        HttpResponse.json(anthropicMessage({ text: "Partial", stopReason: "max_tokens" })),
      ),
    );
    expect((await provider().complete(request)).stopReason).toBe("max_tokens");
    server.use(
      http.post(`${BASE}/v1/messages`, () =>
        HttpResponse.json(anthropicMessage({ text: "", stopReason: "refusal" })),
      ),
    );
    expect((await provider().complete(request)).stopReason).toBe("other");
  });

  it("maps 429 rate_limit_error with retry-after", async () => {
    server.use(
      http.post(`${BASE}/v1/messages`, () =>
        HttpResponse.json(
          anthropicError(
            "rate_limit_error",
            "Number of request tokens has exceeded your per-minute rate limit",
          ),
          {
            status: 429,
            headers: { "retry-after": "7" },
          },
        ),
      ),
    );
    await expect(provider().complete(request)).rejects.toMatchObject({
      name: "ProviderError",
      provider: "anthropic",
      status: 429,
      retryAfterSeconds: 7,
      retryable: true,
    });
  });

  it("maps 529 overloaded_error to retryable and 401 to not retryable", async () => {
    server.use(
      http.post(`${BASE}/v1/messages`, () =>
        HttpResponse.json(anthropicError("overloaded_error", "Overloaded"), { status: 529 }),
      ),
    );
    await expect(provider().complete(request)).rejects.toMatchObject({ status: 529, retryable: true });
    server.use(
      http.post(`${BASE}/v1/messages`, () =>
        HttpResponse.json(anthropicError("authentication_error", "invalid x-api-key"), { status: 401 }),
      ),
    );
    await expect(provider().complete(request)).rejects.toMatchObject({ status: 401, retryable: false });
  });
});
