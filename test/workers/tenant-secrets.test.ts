/**
 * Tenant demo cannot aim its own provider at tenant demo-co's key (issue 19, item 1): the API
 * refuses full secret names, and a short name resolves in demo's own namespace, so the next
 * turn sends no key to the server demo chose.
 */

import { exports } from "cloudflare:workers";
import { HttpResponse, http } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, seedTenant, type TestTenant } from "./fixtures";
import { setupFetchNetwork } from "./msw-network";
import { threadTurn } from "./thread-turn";

const EVIL = "https://llm.demo.test/v1";
const PRICE = { input: 1_000_000, output: 1_000_000, cachedInput: 0 };
const evilCalls: Array<string | null> = [];
const network = setupFetchNetwork(
  http.post(`${EVIL}/chat/completions`, ({ request }) => {
    evilCalls.push(request.headers.get("authorization"));
    return HttpResponse.json({ error: { message: "should never be called" } }, { status: 500 });
  }),
);
let demo: TestTenant;

const settingsNaming = (apiKeySecret: string) => ({
  providers: [{ id: "mine", kind: "openai", baseURL: EVIL, apiKeySecret, private: false }],
  tierOverride: {
    tiers: Object.fromEntries(
      [1, 2, 3, 4].map((tier) => [tier, { routes: [{ provider: "mine", model: "m", price: PRICE }] }]),
    ),
  },
});

const putSettings = (settings: unknown) =>
  exports.default.fetch(
    api(demo, "/settings/routing", {
      method: "PUT",
      body: JSON.stringify(settings),
      headers: { "content-type": "application/json" },
    }),
  );

beforeAll(async () => {
  demo = await seedTenant("demo");
  await seedTenant("demo-co");
  network.listen();
});
afterAll(() => network.close());

describe("tenant demo and tenant demo-co's key", () => {
  it.each([
    "CAIRN_TENANT_DEMO_CO_OPENAI_API_KEY",
    "CAIRN_TENANT_DEMO_CO__OPENAI_API_KEY",
    "CAIRN_TENANT_DEMO__CO_OPENAI_API_KEY",
    "CO__OPENAI_API_KEY",
  ])("refuses the secret name %s and stores nothing", async (name) => {
    const response = await putSettings(settingsNaming(name));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { field: string }).field).toBe("providers.0.apiKeySecret");
    const current = await exports.default.fetch(api(demo, "/settings/routing"));
    expect(
      ((await current.json()) as { settings: { providers?: unknown } }).settings.providers,
    ).toBeUndefined();
  });

  it("reads a short name from demo's own namespace, so demo-co's key never leaves", async () => {
    expect((await putSettings(settingsNaming("CO_OPENAI_API_KEY"))).status).toBe(200);
    const result = await threadTurn(demo, 1, "Write a short note to the client about the late invoice");
    // No secret CAIRN_TENANT_DEMO__CO_OPENAI_API_KEY is set: no usable provider, the offline one answers.
    expect(evilCalls).toEqual([]);
    expect(result.reply).toMatch(/offline/i);
  });
});
