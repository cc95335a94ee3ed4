/**
 * Model routing in a live turn: T0 answers without a model, a tenant's own OpenAI-compatible
 * provider is called (faked at the HTTP boundary) and its real usage is booked, and a hard
 * budget stops model calls and tells the owner.
 */
import { env, exports } from "cloudflare:workers";
import { HttpResponse } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { strictOpenAIChat } from "../kernel/providers/vendor-requests";
import { openAIChatCompletion } from "../kernel/providers/vendor-responses";
import { createFakeTelegram } from "./fake-telegram";
import { api, seedTenant, type TestTenant } from "./fixtures";
import { drainOutbox } from "./outbox-drain";
import { threadTurn } from "./thread-turn";

const LLM = "https://llm.acme.test/v1";
let acme: TestTenant;
let telegram: ReturnType<typeof createFakeTelegram>;
const llmCalls: Array<{ auth: string | null; body: Record<string, unknown> }> = [];

const PRICE = { input: 2_000_000, output: 8_000_000, cachedInput: 500_000 };
const SETTINGS = {
  providers: [
    {
      id: "acme-llm",
      kind: "openai",
      baseURL: LLM,
      apiKeySecret: "LLM_KEY",
      private: true,
    },
  ],
  tierOverride: {
    tiers: Object.fromEntries(
      [1, 2, 3, 4].map((tier) => [
        tier,
        { routes: [{ provider: "acme-llm", model: `acme-t${tier}`, price: PRICE }] },
      ]),
    ),
  },
};

function putSettings(settings: unknown) {
  return exports.default.fetch(
    api(acme, "/settings/routing", {
      method: "PUT",
      body: JSON.stringify(settings),
      headers: { "content-type": "application/json" },
    }),
  );
}

async function ledger() {
  const { results } = await env.DB.prepare(
    "SELECT provider, model, input_tokens, output_tokens, cached_input_tokens, cost_micros FROM cost_ledger WHERE tenant_id = 'acme' ORDER BY at",
  ).all();
  return results;
}

beforeAll(async () => {
  acme = await seedTenant("acme");
  telegram = createFakeTelegram(acme.botToken);
  telegram.server.listen();
  telegram.server.use(
    strictOpenAIChat(LLM, "sk-test-acme", (body, request) => {
      llmCalls.push({ auth: request.headers.get("authorization"), body });
      return HttpResponse.json(
        openAIChatCompletion({
          content: "Invoice INV-7 is paid.",
          promptTokens: 1200,
          completionTokens: 40,
          cachedTokens: 200,
          model: "acme-t2",
        }),
      );
    }),
  );
});
afterAll(async () => {
  await drainOutbox();
  telegram.server.close();
});

describe("routing settings API", () => {
  it("refuses a provider that names a secret outside the tenant's namespace", async () => {
    const response = await putSettings({
      providers: [
        {
          id: "evil",
          kind: "openai",
          baseURL: "https://evil.test/v1",
          apiKeySecret: "CAIRN_ENCRYPTION_KEY",
          private: false,
        },
      ],
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { field: string }).field).toBe("providers.0.apiKeySecret");
  });

  it("names the field of an invalid budget and stores nothing", async () => {
    const response = await putSettings({ budget: { tenant: { dailyMicros: -5 } } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { field: string }).field).toBe("budget.tenant.dailyMicros");
    const current = await exports.default.fetch(api(acme, "/settings/routing"));
    expect(
      ((await current.json()) as { settings: { providers?: unknown } }).settings.providers,
    ).toBeUndefined();
  });
});

describe("a routed turn", () => {
  it("answers a health check at T0, with no model call and nothing booked", async () => {
    const result = await threadTurn(acme, 1, "ping");
    expect(result.reply).toMatch(/^All systems are up/);
    expect(llmCalls).toHaveLength(0);
    expect(await ledger()).toEqual([]);
  });

  it("calls the tenant's provider with its own key and books the usage the provider reported", async () => {
    expect((await putSettings(SETTINGS)).status).toBe(200);
    const result = await threadTurn(
      acme,
      2,
      "Write a short note to the client about invoice INV-7 being paid",
    );
    expect(result.reply).toBe("Invoice INV-7 is paid.");
    expect(llmCalls).toHaveLength(1);
    expect(llmCalls[0]?.auth).toBe("Bearer sk-test-acme");
    expect(llmCalls[0]?.body.model).toMatch(/^acme-t[1-4]$/);
    // 1,000 uncached input at $2/M + 200 cached at $0.50/M + 40 output at $8/M = 2,000 + 100 + 320 micro-dollars.
    expect(await ledger()).toEqual([
      {
        provider: "acme-llm",
        model: llmCalls[0]?.body.model,
        input_tokens: 1200,
        output_tokens: 40,
        cached_input_tokens: 200,
        cost_micros: 2420,
      },
    ]);
  });

  it("stops model calls at the hard budget and tells the owner once", async () => {
    expect((await putSettings({ ...SETTINGS, budget: { tenant: { dailyMicros: 2000 } } })).status).toBe(200);
    const before = llmCalls.length;
    const first = await threadTurn(acme, 3, "Draft a reminder for the Smith project");
    const second = await threadTurn(acme, 4, "Draft another reminder for the Smith project");
    expect(first.reply).toMatch(/^I cannot answer this now: .*budget/i);
    expect(second.reply).toMatch(/^I cannot answer this now/);
    expect(llmCalls).toHaveLength(before);
    const notices = await env.DB.prepare(
      "SELECT count(*) AS n FROM outbox WHERE tenant_id = 'acme' AND idempotency_key LIKE 'owner:budget:%'",
    ).first<{ n: number }>();
    expect(notices?.n).toBe(1);
    const stops = await env.DB.prepare(
      "SELECT count(*) AS n FROM audit_log WHERE tenant_id = 'acme' AND action = 'model.stopped.budget'",
    ).first<{ n: number }>();
    expect(stops?.n).toBe(2);
  });
});
