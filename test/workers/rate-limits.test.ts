/** The policy's rate budgets, enforced per agent and tool family by the Tenant coordinator. */
import { env, exports } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tenantStub } from "../../durable-objects/stubs";
import { createFakeTelegram } from "./fake-telegram";
import { api, seedTenant, type TestTenant } from "./fixtures";
import { drainOutbox } from "./outbox-drain";
import { threadTurn } from "./thread-turn";

let acme: TestTenant;
let telegram: ReturnType<typeof createFakeTelegram>;

const TWO_SHELLS_A_MINUTE = `version: 1
name: acme-rates
limits:
  rates:
    - { id: acme-shell-burst, tools: [shell], perMinute: 2 }
`;

beforeAll(async () => {
  acme = await seedTenant("acme");
  telegram = createFakeTelegram(acme.botToken);
  telegram.server.listen();
  const response = await exports.default.fetch(
    api(acme, "/policies/agent:operations", { method: "PUT", body: TWO_SHELLS_A_MINUTE }),
  );
  expect(response.status).toBe(201);
});
afterAll(async () => {
  await drainOutbox();
  telegram.server.close();
});

describe("rate budgets", () => {
  it("lets calls through until the budget is spent, then refuses with the rule and when to retry", async () => {
    expect((await threadTurn(acme, 1, "run pwd")).reply).toMatch(/exit 0/);
    expect((await threadTurn(acme, 2, "run ls")).reply).toMatch(/exit 0/);
    const third = await threadTurn(acme, 3, "run date");
    expect(third.reply).toMatch(
      /rate limited by acme-shell-burst: operations may call shell at most 2 times a minute/,
    );
    expect(third.reply).toMatch(/retry in \d+ s/);
    const limited = await env.DB.prepare(
      "SELECT count(*) AS n FROM audit_log WHERE tenant_id = 'acme' AND action = 'policy.rate_limited'",
    ).first<{ n: number }>();
    expect(limited?.n).toBe(1);
  });

  it("counts nothing for a refused call, and opens again in the next window", async () => {
    const coordinator = tenantStub(env, "acme");
    const limits = [{ rule: "r", perMinute: 1, perHour: undefined, perDay: undefined }];
    const minute = 60_000 * 1_000_000;
    expect(await coordinator.consumeRateBudget("acme", "finance", "shell", limits, minute)).toEqual({
      allowed: true,
    });
    expect(
      await coordinator.consumeRateBudget("acme", "finance", "shell", limits, minute + 1_000),
    ).toMatchObject({
      allowed: false,
      retryAfterMs: 59_000,
    });
    expect(await coordinator.consumeRateBudget("acme", "finance", "shell", limits, minute + 60_000)).toEqual({
      allowed: true,
    });
  });

  it("keeps each agent's budget to itself", async () => {
    const coordinator = tenantStub(env, "acme");
    const limits = [{ rule: "r2", perMinute: 1, perHour: undefined, perDay: undefined }];
    const at = 60_000 * 2_000_000;
    expect(await coordinator.consumeRateBudget("acme", "finance", "shell", limits, at)).toEqual({
      allowed: true,
    });
    expect(await coordinator.consumeRateBudget("acme", "operations", "shell", limits, at)).toEqual({
      allowed: true,
    });
  });
});
