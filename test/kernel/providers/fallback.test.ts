import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CooldownTracker } from "../../../kernel/routing/cooldowns";
import { AnthropicProvider } from "../../../providers/anthropic";
import { AllProvidersFailedError, completeWithFallback } from "../../../providers/fallback";
import { OpenAICompatibleProvider } from "../../../providers/openai";
import type { CompletionRequest } from "../../../providers/types";
import { anthropicError, anthropicMessage, openAIChatCompletion, openAIError } from "./vendor-responses";

const OPENAI = "https://openai.example.test/v1";
const ANTHROPIC = "https://anthropic.example.test";
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function manualClock(start: number) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

// Built after server.listen(): the SDKs keep the fetch they find at construction.
let openai: OpenAICompatibleProvider;
let candidates: { provider: OpenAICompatibleProvider | AnthropicProvider; model: string }[];
beforeAll(() => {
  openai = new OpenAICompatibleProvider({ id: "openai", apiKey: "k", baseURL: OPENAI });
  const anthropic = new AnthropicProvider({ id: "anthropic", apiKey: "k", baseURL: ANTHROPIC });
  candidates = [
    { provider: openai, model: "gpt-5-mini" },
    { provider: anthropic, model: "claude-haiku-4-5" },
  ];
});
const request: Omit<CompletionRequest, "model"> = {
  system: "",
  messages: [{ role: "user", content: "Categorise this expense: Uber 23.40 EUR" }],
  tools: [],
  maxOutputTokens: 100,
};

function countingHandlers(openAIStatus: number, headers: Record<string, string> = {}) {
  const calls = { openai: 0, anthropic: 0 };
  server.use(
    http.post(`${OPENAI}/chat/completions`, () => {
      calls.openai++;
      if (openAIStatus === 200) return HttpResponse.json(openAIChatCompletion({ content: "travel" }));
      return HttpResponse.json(openAIError("Rate limit reached", "requests", "rate_limit_exceeded"), {
        status: openAIStatus,
        headers,
      });
    }),
    http.post(`${ANTHROPIC}/v1/messages`, () => {
      calls.anthropic++;
      return HttpResponse.json(anthropicMessage({ text: "travel", model: "claude-haiku-4-5-20251001" }));
    }),
  );
  return calls;
}

describe("completeWithFallback", () => {
  it("answers from the first candidate when it is healthy", async () => {
    const calls = countingHandlers(200);
    const outcome = await completeWithFallback(candidates, request, {
      cooldowns: new CooldownTracker(manualClock(0)),
    });
    expect(outcome.candidateIndex).toBe(0);
    expect(outcome.result.text).toBe("travel");
    expect(calls).toEqual({ openai: 1, anthropic: 0 });
  });

  it("falls back on 429 and honours Retry-After before trying the provider again", async () => {
    const clock = manualClock(1_000_000);
    const cooldowns = new CooldownTracker(clock);
    const calls = countingHandlers(429, { "retry-after": "30" });

    const first = await completeWithFallback(candidates, request, { cooldowns });
    expect(first.candidateIndex).toBe(1);
    expect(first.result.model).toBe("claude-haiku-4-5-20251001");
    expect(first.attempts.map((attempt) => attempt.outcome)).toEqual(["failed", "answered"]);

    // 29 s later OpenAI is still cooling down: it is not even asked.
    clock.advance(29_000);
    const second = await completeWithFallback(candidates, request, { cooldowns });
    expect(second.attempts[0]?.outcome).toBe("cooling_down");
    expect(calls.openai).toBe(1);

    // After the 30 s it asked for, OpenAI is tried first again.
    clock.advance(1_000);
    countingHandlers(200);
    const third = await completeWithFallback(candidates, request, { cooldowns });
    expect(third.candidateIndex).toBe(0);
  });

  it("falls back on 5xx", async () => {
    const calls = countingHandlers(502);
    const outcome = await completeWithFallback(candidates, request, {
      cooldowns: new CooldownTracker(manualClock(0)),
    });
    expect(outcome.candidateIndex).toBe(1);
    expect(calls).toEqual({ openai: 1, anthropic: 1 });
  });

  it("does not fall back on a request error another provider would not fix", async () => {
    server.use(
      http.post(`${OPENAI}/chat/completions`, () =>
        HttpResponse.json(openAIError("Invalid 'messages'", "invalid_request_error", null), { status: 400 }),
      ),
    );
    await expect(
      completeWithFallback(candidates, request, { cooldowns: new CooldownTracker(manualClock(0)) }),
    ).rejects.toMatchObject({
      status: 400,
    });
  });

  it("reports when every candidate fails, with the shortest wait", async () => {
    server.use(
      http.post(`${OPENAI}/chat/completions`, () =>
        HttpResponse.json(openAIError("Rate limit reached", "requests", "rate_limit_exceeded"), {
          status: 429,
          headers: { "retry-after": "40" },
        }),
      ),
      http.post(`${ANTHROPIC}/v1/messages`, () =>
        HttpResponse.json(anthropicError("rate_limit_error", "slow down"), {
          status: 429,
          headers: { "retry-after": "12" },
        }),
      ),
    );
    const error = await completeWithFallback(candidates, request, {
      cooldowns: new CooldownTracker(manualClock(0)),
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AllProvidersFailedError);
    expect((error as AllProvidersFailedError).retryAfterSeconds).toBe(12);
    expect((error as AllProvidersFailedError).attempts).toHaveLength(2);
  });

  it("never sends an unredacted request to a candidate that needs redaction", async () => {
    const seen: string[] = [];
    server.use(
      http.post(`${OPENAI}/chat/completions`, async ({ request: sent }) => {
        seen.push(JSON.stringify(await sent.json()));
        return HttpResponse.json(openAIChatCompletion({ content: "ok" }));
      }),
    );
    const personal: Omit<CompletionRequest, "model"> = {
      ...request,
      messages: [{ role: "user", content: "Email jane.doe@example.com her payslip" }],
    };
    const marked = [{ provider: openai, model: "gpt-5-mini", redact: true }];
    await expect(
      completeWithFallback(marked, personal, { cooldowns: new CooldownTracker(manualClock(0)) }),
    ).rejects.toBeInstanceOf(AllProvidersFailedError);
    expect(seen).toHaveLength(0);

    const redact = (original: CompletionRequest): CompletionRequest => ({
      ...original,
      messages: original.messages.map((message) =>
        message.role === "user"
          ? { ...message, content: message.content.replace(/\S+@\S+/g, "[email]") }
          : message,
      ),
    });
    await completeWithFallback(marked, personal, { cooldowns: new CooldownTracker(manualClock(0)), redact });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toContain("[email]");
    expect(seen[0]).not.toContain("jane.doe@example.com");
  });
});
