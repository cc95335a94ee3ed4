/**
 * The privacy rule in a live turn: with the tenant's provider not private, a message carrying
 * personal data is redacted before it leaves ("redact" mode) and the reply is restored before it
 * reaches the person; in "private-only" mode no request is made at all; a credential never leaves
 * in any mode. The provider is faked at the HTTP boundary, so what it "receives" is exactly what
 * would leave the Worker.
 */
import { exports } from "cloudflare:workers";
import { HttpResponse } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { strictOpenAIChat } from "../kernel/providers/vendor-requests";
import { openAIChatCompletion } from "../kernel/providers/vendor-responses";
import { createFakeTelegram } from "./fake-telegram";
import { api, seedTenant, type TestTenant } from "./fixtures";
import { drainOutbox } from "./outbox-drain";
import { threadTurn } from "./thread-turn";

const LLM = "https://public-llm.acme.test/v1";
const PRICE = { input: 2_000_000, output: 8_000_000, cachedInput: 500_000 };
let acme: TestTenant;
let telegram: ReturnType<typeof createFakeTelegram>;
const bodies: string[] = [];

function settings(personalDataMode: "redact" | "private-only") {
  return {
    providers: [
      {
        id: "public-llm",
        kind: "openai",
        baseURL: LLM,
        apiKeySecret: "LLM_KEY",
        private: false,
      },
    ],
    tierOverride: {
      tiers: Object.fromEntries(
        [1, 2, 3, 4].map((tier) => [
          tier,
          { routes: [{ provider: "public-llm", model: `pub-t${tier}`, price: PRICE }] },
        ]),
      ),
    },
    personalDataMode,
  };
}

function putSettings(body: unknown) {
  return exports.default.fetch(
    api(acme, "/settings/routing", {
      method: "PUT",
      body: JSON.stringify(body),
      headers: { "content-type": "application/json" },
    }),
  );
}

const planted = [
  "Rebecca Stone",
  "rebecca.stone@harbourlight.org",
  "+44 161 496 0321",
  "DE89 3704 0044 0532 0130 00",
];

beforeAll(async () => {
  acme = await seedTenant("acme");
  telegram = createFakeTelegram(acme.botToken);
  telegram.server.listen();
  telegram.server.use(
    strictOpenAIChat(LLM, "sk-test-acme", async (_body, request) => {
      bodies.push(await request.text());
      // The model only ever saw placeholders, so it answers with them.
      return HttpResponse.json(
        openAIChatCompletion({
          content: "I will write to ⟨PERSON_1⟩ at ⟨EMAIL_1⟩ about the refund to ⟨IBAN_1⟩.",
          promptTokens: 300,
          completionTokens: 20,
          cachedTokens: 0,
          model: "pub-t2",
        }),
      );
    }),
  );
});
afterAll(async () => {
  await drainOutbox();
  telegram.server.close();
});

describe("personal data and a non-private provider", () => {
  it("redact mode: the provider receives none of the values, and the reply has them back", async () => {
    expect((await putSettings(settings("redact"))).status).toBe(200);
    const result = await threadTurn(
      acme,
      1,
      `Draft a note to ${planted[0]} (${planted[1]}, ${planted[2]}) about the refund to ${planted[3]}`,
      "privacy-redact",
    );
    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies) {
      for (const value of planted) expect(body).not.toContain(value);
      expect(body).toContain("⟨PERSON_1⟩");
    }
    expect(result.reply).toBe(
      `I will write to ${planted[0]} at ${planted[1]} about the refund to ${planted[3]}.`,
    );
  });

  it("private-only mode: no request leaves, and the person is told why", async () => {
    expect((await putSettings(settings("private-only"))).status).toBe(200);
    const before = bodies.length;
    const result = await threadTurn(
      acme,
      2,
      `Please call ${planted[0]} on ${planted[2]} today`,
      "privacy-private",
    );
    expect(bodies).toHaveLength(before);
    expect(result.reply).toMatch(/^I cannot answer this now/);
  });

  it("a message without personal data goes to the provider as it is", async () => {
    expect((await putSettings(settings("private-only"))).status).toBe(200);
    const before = bodies.length;
    await threadTurn(acme, 3, "Summarise the status of invoice INV-2024-0042 for the team", "privacy-plain");
    expect(bodies.length).toBe(before + 1);
    expect(bodies.at(-1)).toContain("INV-2024-0042");
  });

  it("a credential in the message never reaches the provider, whatever the mode", async () => {
    expect((await putSettings(settings("redact"))).status).toBe(200);
    const token = `ghp_${"Zq8vL2pR9s".repeat(3)}T4wX1y`;
    const before = bodies.length;
    await threadTurn(acme, 4, `Use the deploy token ${token} for the release job`, "privacy-secret");
    expect(bodies.length).toBe(before + 1);
    expect(bodies.at(-1)).not.toContain(token);
    expect(bodies.at(-1)).toContain("[secret removed: github-pat]");
  });
});
