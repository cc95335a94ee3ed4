/**
 * `GET /api/usage`: a tenant's usage per UTC day — messages and turns counted as they happen,
 * model calls, tokens and cost from the ledger, deliveries from the outbox, tool calls,
 * proposals and cycles from the audit log — as JSON with totals or as CSV, every day of the
 * range present, bad ranges refused with the field named.
 */
import { env, exports } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { utcDay } from "../../db/queries/usage";
import { createFakeTelegram } from "./fake-telegram";
import { api, seedTenant, type TestTenant } from "./fixtures";
import { drainOutbox } from "./outbox-drain";
import { threadTurn } from "./thread-turn";

const DAY = 86_400_000;
let tenant: TestTenant;
let other: TestTenant;
let telegram: ReturnType<typeof createFakeTelegram>;

async function usage(who: TestTenant, query = "") {
  const response = await exports.default.fetch(api(who, `/usage${query}`));
  return { status: response.status, headers: response.headers, text: await response.text() };
}
const json = async (who: TestTenant, query = "") => {
  const answer = await usage(who, query);
  expect(answer.status, answer.text).toBe(200);
  return JSON.parse(answer.text);
};

beforeAll(async () => {
  tenant = await seedTenant("meter");
  other = await seedTenant("meter-b");
  telegram = createFakeTelegram(tenant.botToken);
  telegram.server.listen();
});
afterAll(async () => {
  await drainOutbox();
  telegram.server.close();
});

describe("usage per day", () => {
  it("counts each message once (a redelivery is not a second), its turn, and what the ledger and outbox hold", async () => {
    const today = utcDay(Date.now());
    await threadTurn(tenant, 1, "hello there");
    await threadTurn(tenant, 1, "hello there");
    await threadTurn(tenant, 2, "what is on today?");
    await drainOutbox();
    const report = await json(tenant, `?from=${today}&to=${today}`);
    expect(report).toMatchObject({ tenant: "meter", from: today, to: today });
    expect(report.days).toHaveLength(1);
    const [day] = report.days;
    expect(day).toMatchObject({ day: today, messagesReceived: 2, turns: 2 });
    const ledger = await env.DB.prepare(
      "SELECT count(*) AS calls, coalesce(sum(input_tokens), 0) AS input FROM cost_ledger WHERE tenant_id = 'meter'",
    ).first<{ calls: number; input: number }>();
    expect(day).toMatchObject({ modelCalls: ledger?.calls, inputTokens: ledger?.input });
    const sent = await env.DB.prepare(
      "SELECT count(*) AS n FROM outbox WHERE tenant_id = 'meter' AND status = 'sent'",
    ).first<{ n: number }>();
    expect(sent?.n).toBeGreaterThan(0);
    expect(day.deliveries).toBe(sent?.n);
    expect(report.totals).toMatchObject({ messagesReceived: 2, turns: 2, deliveries: sent?.n });
    expect(report.notMetered).toContain("d1RowsRead");
    // Another tenant's report holds none of it.
    const theirs = await json(other, `?from=${today}&to=${today}`);
    expect(theirs.totals).toMatchObject({ messagesReceived: 0, turns: 0, deliveries: 0, modelCalls: 0 });
  });

  it("puts each row on its own UTC day, with every day of the range present", async () => {
    const start = Date.parse("2026-03-01T00:00:00Z");
    await env.DB.prepare(
      "INSERT INTO cost_ledger (id, tenant_id, agent_id, provider, model, input_tokens, output_tokens, cached_input_tokens, cost_micros, at) VALUES ('led_old_1', 'meter', 'finance', 'openai', 'gpt-test', 1200, 300, 200, 4500, ?), ('led_old_2', 'meter', 'finance', 'openai', 'gpt-test', 800, 100, 0, 1500, ?)",
    )
      .bind(start + DAY + 23 * 3_600_000 + 59 * 60_000, start + 2 * DAY + 60_000)
      .run();
    await env.DB.prepare(
      `INSERT INTO audit_log (id, tenant_id, at, actor, action, subject_type) VALUES
        ('aud_u1', 'meter', ?1, 'agent:finance', 'policy.allow', 'tool_call'),
        ('aud_u2', 'meter', ?1, 'agent:finance', 'policy.deny', 'tool_call'),
        ('aud_u3', 'meter', ?1, 'agent:finance', 'proposal.created', 'proposal'),
        ('aud_u4', 'meter', ?2, 'agent:finance', 'proposal.executed', 'proposal'),
        ('aud_u5', 'meter', ?2, 'agent:finance', 'agent.cycle', 'cycle'),
        ('aud_u6', 'meter', ?2, 'agent:finance', 'thread.link', 'thread')`,
    )
      .bind(start + DAY, start + 2 * DAY)
      .run();
    const report = await json(tenant, "?from=2026-03-01&to=2026-03-04");
    expect(report.days.map((d: { day: string }) => d.day)).toEqual([
      "2026-03-01",
      "2026-03-02",
      "2026-03-03",
      "2026-03-04",
    ]);
    const pick = (d: Record<string, number>) => ({
      modelCalls: d.modelCalls,
      inputTokens: d.inputTokens,
      cachedInputTokens: d.cachedInputTokens,
      outputTokens: d.outputTokens,
      modelCostMicros: d.modelCostMicros,
      toolCalls: d.toolCalls,
      toolCallsDenied: d.toolCallsDenied,
      proposalsCreated: d.proposalsCreated,
      proposalsExecuted: d.proposalsExecuted,
      agentCycles: d.agentCycles,
    });
    expect(report.days.map(pick)).toEqual(
      [
        pick({}),
        {
          ...pick({}),
          modelCalls: 1,
          inputTokens: 1200,
          cachedInputTokens: 200,
          outputTokens: 300,
          modelCostMicros: 4500,
          toolCalls: 2,
          toolCallsDenied: 1,
          proposalsCreated: 1,
        },
        {
          ...pick({}),
          modelCalls: 1,
          inputTokens: 800,
          cachedInputTokens: 0,
          outputTokens: 100,
          modelCostMicros: 1500,
          proposalsExecuted: 1,
          agentCycles: 1,
        },
        pick({}),
      ].map((d) => Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v ?? 0]))),
    );
    expect(report.totals).toMatchObject({ modelCalls: 2, modelCostMicros: 6000, toolCalls: 2 });
  });

  it("answers a CSV file with one line per day", async () => {
    const answer = await usage(tenant, "?from=2026-03-01&to=2026-03-03&format=csv");
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(answer.headers.get("content-disposition")).toBe(
      'attachment; filename="usage-meter-2026-03-01-2026-03-03.csv"',
    );
    const lines = answer.text.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "day,messages_received,turns,model_calls,input_tokens,cached_input_tokens,output_tokens,model_cost_micros,deliveries,deliveries_failed,tool_calls,tool_calls_denied,proposals_created,proposals_executed,agent_cycles",
    );
    expect(lines.slice(1)).toEqual([
      "2026-03-01,0,0,0,0,0,0,0,0,0,0,0,0,0,0",
      "2026-03-02,0,0,1,1200,200,300,4500,0,0,2,1,1,0,0",
      "2026-03-03,0,0,1,800,0,100,1500,0,0,0,0,0,1,1",
    ]);
  });

  it("defaults to the 30 days up to today", async () => {
    const report = await json(tenant);
    expect(report.days).toHaveLength(30);
    expect(report.to).toBe(utcDay(Date.now()));
    expect(report.from).toBe(utcDay(Date.now() - 29 * DAY));
  });

  it("refuses a bad range with the field named, and stores nothing", async () => {
    const before = await env.DB.prepare("SELECT count(*) AS n FROM usage_daily").first<{ n: number }>();
    for (const [query, field, message] of [
      ["?from=2026-13-01", "from", "must be a calendar day"],
      ["?from=2026-02-30", "from", "must be a calendar day"],
      ["?to=yesterday", "to", "must be a day as YYYY-MM-DD"],
      ["?from=2026-03-05&to=2026-03-01", "from", "is after to"],
      ["?from=2024-01-01&to=2026-01-01", "to", "at most 366 days"],
      ["?format=xml", "format", "invalid format"],
      ["?tenant=other", "tenant", "invalid"],
    ] as const) {
      const answer = await usage(tenant, query);
      expect(answer.status, query).toBe(400);
      const body = JSON.parse(answer.text);
      expect(body.field, query).toBe(field);
      expect(body.error, query).toContain(message);
    }
    const after = await env.DB.prepare("SELECT count(*) AS n FROM usage_daily").first<{ n: number }>();
    expect(after?.n).toBe(before?.n);
  });
});
