import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { retryAfterSecondsFrom } from "../../../providers/errors";
import {
  createProvider,
  MissingProviderSecretError,
  privateProviderMap,
  providerConfigListSchema,
} from "../../../providers/provider-config";
import { anthropicMessage, openAIChatCompletion } from "./vendor-responses";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const request = {
  model: "m",
  system: "",
  messages: [{ role: "user" as const, content: "hi" }],
  tools: [],
  maxOutputTokens: 10,
};

describe("createProvider", () => {
  it("builds an OpenAI-compatible provider for a base URL with the named tenant secret", async () => {
    let auth = "";
    server.use(
      http.post("https://api.groq.example/openai/v1/chat/completions", ({ request: sent }) => {
        auth = sent.headers.get("authorization") ?? "";
        return HttpResponse.json(openAIChatCompletion({ content: "hello" }));
      }),
    );
    const provider = createProvider(
      {
        id: "groq",
        kind: "openai",
        baseURL: "https://api.groq.example/openai/v1",
        apiKeySecret: "GROQ_KEY",
        private: false,
      },
      { GROQ_KEY: "gsk-tenant-a", OTHER: "x" },
    );
    expect(provider.id).toBe("groq");
    expect(provider.offline).toBe(false);
    expect((await provider.complete(request)).text).toBe("hello");
    expect(auth).toBe("Bearer gsk-tenant-a");
  });

  it("builds an Anthropic provider", async () => {
    server.use(
      http.post("https://claude.example/v1/messages", () =>
        HttpResponse.json(anthropicMessage({ text: "hi there" })),
      ),
    );
    const provider = createProvider(
      {
        id: "anthropic",
        kind: "anthropic",
        baseURL: "https://claude.example",
        apiKeySecret: "ANTHROPIC_KEY",
        private: false,
      },
      { ANTHROPIC_KEY: "sk-ant" },
    );
    expect((await provider.complete(request)).text).toBe("hi there");
  });

  it("names the missing secret instead of calling without a key", () => {
    expect(() =>
      createProvider(
        { id: "openai", kind: "openai", apiKeySecret: "OPENAI_API_KEY", private: false },
        { OPENAI_KEY: "typo" },
      ),
    ).toThrow(new MissingProviderSecretError("openai", "OPENAI_API_KEY"));
  });

  it("refuses unknown keys and duplicate ids in configuration", () => {
    const entry = {
      id: "vllm",
      kind: "openai" as const,
      baseURL: "http://10.0.0.5:8000/v1",
      apiKeySecret: "VLLM_KEY",
      private: true,
    };
    expect(providerConfigListSchema.safeParse([entry]).success).toBe(true);
    expect(providerConfigListSchema.safeParse([{ ...entry, privat: true }]).success).toBe(false);
    expect(providerConfigListSchema.safeParse([entry, entry]).success).toBe(false);
    expect(privateProviderMap([entry])).toEqual({ vllm: true });
  });
});

describe("Retry-After parsing", () => {
  it("reads seconds, milliseconds and HTTP dates, rounding up", () => {
    expect(retryAfterSecondsFrom(new Headers({ "retry-after": "17" }))).toBe(17);
    expect(retryAfterSecondsFrom(new Headers({ "retry-after-ms": "1500" }))).toBe(2);
    const now = Date.parse("2026-11-25T10:00:00Z");
    expect(retryAfterSecondsFrom(new Headers({ "retry-after": "Wed, 25 Nov 2026 10:01:30 GMT" }), now)).toBe(
      90,
    );
    expect(retryAfterSecondsFrom(new Headers({ "retry-after": "soon" }))).toBeUndefined();
    expect(retryAfterSecondsFrom(new Headers())).toBeUndefined();
  });
});
