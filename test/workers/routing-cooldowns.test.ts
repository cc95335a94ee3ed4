/**
 * Provider cooldowns are shared by the tenant's threads: after one chat's call gets a 429 with
 * Retry-After, a different chat of the same tenant skips that provider and goes straight to the
 * fallback, instead of hitting the rate-limited provider again.
 */
import { env, exports } from "cloudflare:workers";
import { HttpResponse } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tenantStub } from "../../durable-objects/stubs";
import { strictOpenAIChat } from "../kernel/providers/vendor-requests";
import { openAIChatCompletion, openAIError } from "../kernel/providers/vendor-responses";
import { createFakeTelegram } from "./fake-telegram";
import { api, seedTenant, type TestTenant } from "./fixtures";
import { drainOutbox } from "./outbox-drain";
import { threadTurn } from "./thread-turn";

const PRIMARY = "https://primary.acme.test/v1";
const FALLBACK = "https://fallback.acme.test/v1";
const PRICE = { input: 1_000_000, output: 4_000_000, cachedInput: 100_000 };
const calls = { primary: 0, fallback: 0 };

const provider = (id: string, baseURL: string) => ({
  id,
  kind: "openai",
  baseURL,
  apiKeySecret: "LLM_KEY",
  private: true,
});
const SETTINGS = {
  providers: [provider("primary", PRIMARY), provider("fallback", FALLBACK)],
  tierOverride: {
    tiers: Object.fromEntries(
      [1, 2, 3, 4].map((tier) => [
        tier,
        {
          routes: [
            { provider: "primary", model: `primary-t${tier}`, price: PRICE },
            { provider: "fallback", model: `fallback-t${tier}`, price: PRICE },
          ],
        },
      ]),
    ),
  },
};

let acme: TestTenant;
let telegram: ReturnType<typeof createFakeTelegram>;

beforeAll(async () => {
  acme = await seedTenant("acme");
  telegram = createFakeTelegram(acme.botToken);
  telegram.server.listen();
  telegram.server.use(
    strictOpenAIChat(PRIMARY, "sk-test-acme", () => {
      calls.primary++;
      return HttpResponse.json(
        openAIError("Rate limit reached for primary-t2", "requests", "rate_limit_exceeded"),
        { status: 429, headers: { "retry-after": "120" } },
      );
    }),
    strictOpenAIChat(FALLBACK, "sk-test-acme", () => {
      calls.fallback++;
      return HttpResponse.json(
        openAIChatCompletion({
          content: "Noted, I will tell the client.",
          promptTokens: 900,
          completionTokens: 30,
          model: "fallback-t2",
        }),
      );
    }),
  );
  const response = await exports.default.fetch(
    api(acme, "/settings/routing", {
      method: "PUT",
      body: JSON.stringify(SETTINGS),
      headers: { "content-type": "application/json" },
    }),
  );
  expect(response.status).toBe(200);
});
afterAll(async () => {
  await drainOutbox();
  telegram.server.close();
});

describe("per-provider cooldowns across threads", () => {
  it("a 429 in one chat makes another chat of the tenant skip the provider", async () => {
    const first = await threadTurn(
      acme,
      1,
      "Write a short note to the client about invoice INV-7 being paid",
      "42",
    );
    expect(first.reply).toBe("Noted, I will tell the client.");
    expect(calls).toEqual({ primary: 1, fallback: 1 });

    const second = await threadTurn(
      acme,
      2,
      "Write a short note to the client about invoice INV-8 being paid",
      "43",
    );
    expect(second.reply).toBe("Noted, I will tell the client.");
    // The second chat never asked the rate-limited provider: its cooldown came from the tenant.
    expect(calls).toEqual({ primary: 1, fallback: 2 });

    const shared = await tenantStub(env, "acme").providerCooldowns("acme");
    expect(shared).toMatchObject({ cooldowns: { primary: { consecutiveFailures: 1 } } });
    if (!("cooldowns" in shared)) throw new Error("refused");
    const remaining = (shared.cooldowns.primary?.untilMs ?? 0) - Date.now();
    expect(remaining).toBeGreaterThan(60_000);
    expect(remaining).toBeLessThanOrEqual(120_000);
  });

  it("refuses another tenant's cooldowns instead of throwing across RPC", async () => {
    const answer = await tenantStub(env, "acme").providerCooldowns("globex");
    expect(answer).toEqual({ refused: expect.stringMatching(/belongs to acme/) });
  });
});
