/** The admin API: bearer tokens per tenant, validation, and tenant isolation. */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { api, seedPendingProposal, seedTenant, type TestTenant } from "./fixtures";

let acme: TestTenant;
let globex: TestTenant;
const now = Date.now();

beforeAll(async () => {
  acme = await seedTenant("acme");
  globex = await seedTenant("globex");
  for (const [tenant, id] of [
    [globex, "prop_globex1"],
    [acme, "prop_acme1"],
  ] as const) {
    await seedPendingProposal(tenant.tenantId, id, `${tenant.tenantId}:telegram:1`, now);
  }
});

async function get(tenant: Pick<TestTenant, "adminToken">, path: string) {
  const response = await exports.default.fetch(api(tenant, path));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("admin API authentication", () => {
  it("refuses a request without a token with 401", async () => {
    const response = await exports.default.fetch(new Request("https://cairn.test/api/agents"));
    expect(response.status).toBe(401);
  });

  it("refuses a malformed Authorization header with 401", async () => {
    const response = await exports.default.fetch(
      new Request("https://cairn.test/api/agents", { headers: { Authorization: "Basic abc" } }),
    );
    expect(response.status).toBe(401);
  });

  it("refuses an unknown token with 403", async () => {
    expect((await get({ adminToken: "not-a-token" }, "/agents")).status).toBe(403);
  });
});

describe("admin API lists", () => {
  it("lists the tenant's agents", async () => {
    const { status, body } = await get(acme, "/agents");
    expect(status).toBe(200);
    expect((body.agents as Array<{ id: string; tenantId: string }>).map((a) => [a.tenantId, a.id])).toEqual([
      ["acme", "finance"],
      ["acme", "operations"],
    ]);
  });

  it("names the invalid query field", async () => {
    const { status, body } = await get(acme, "/proposals?limit=0");
    expect(status).toBe(400);
    expect(body.field).toBe("limit");
    expect((await get(acme, "/proposals?status=maybe")).body.field).toBe("status");
    expect((await get(acme, "/proposals?colour=red")).status).toBe(400);
  });

  it("answers threads, tasks and audit with empty lists for a new tenant", async () => {
    expect((await get(acme, "/threads")).body).toEqual({ threads: [] });
    expect((await get(acme, "/tasks")).body).toEqual({ tasks: [] });
    expect((await get(acme, "/audit")).body).toEqual({ entries: [] });
  });
});

describe("tenant isolation", () => {
  it("shows each tenant only its own proposals", async () => {
    const acmeList = (await get(acme, "/proposals")).body.proposals as Array<{ id: string }>;
    const globexList = (await get(globex, "/proposals")).body.proposals as Array<{ id: string }>;
    expect(acmeList.map((p) => p.id)).toEqual(["prop_acme1"]);
    expect(globexList.map((p) => p.id)).toEqual(["prop_globex1"]);
  });

  it("gives tenant A a 404 for tenant B's proposal, and cannot decide it", async () => {
    expect((await get(acme, "/proposals/prop_globex1")).status).toBe(404);
    const approve = await exports.default.fetch(
      api(acme, "/proposals/prop_globex1/approve", { method: "POST" }),
    );
    expect(approve.status).toBe(404);
    const row = await env.DB.prepare(
      "SELECT status, version FROM proposals WHERE id = 'prop_globex1'",
    ).first();
    expect(row).toEqual({ status: "pending", version: 0 });
  });

  it("validates a decision body before touching the proposal", async () => {
    const response = await exports.default.fetch(
      api(acme, "/proposals/prop_acme1/reject", { method: "POST", body: JSON.stringify({ reason: 42 }) }),
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { field: string }).field).toBe("reason");
    const row = await env.DB.prepare("SELECT status FROM proposals WHERE id = 'prop_acme1'").first();
    expect(row).toEqual({ status: "pending" });
  });

  it("refuses to approve an expired proposal and marks it expired", async () => {
    // Created two minutes ago with a one-minute lifetime.
    await seedPendingProposal("acme", "prop_acmeold", "acme:telegram:1", now - 120_000);
    const response = await exports.default.fetch(
      api(acme, "/proposals/prop_acmeold/approve", { method: "POST" }),
    );
    expect(response.status).toBe(409);
    expect((await get(acme, "/proposals/prop_acmeold")).body.proposal).toMatchObject({ status: "expired" });
  });
});

describe("GET /api/status (cairn status)", () => {
  it("counts this tenant's pending proposals, backlog, dead letters and spend, and nothing of another's", async () => {
    const tenant = await seedTenant("statusco");
    const at = Date.now();
    await seedPendingProposal(tenant.tenantId, "prop_status1", "statusco:telegram:1", at);
    await seedPendingProposal(tenant.tenantId, "prop_status2", "statusco:telegram:1", at);
    const insert = (sql: string, ...values: unknown[]) =>
      env.DB.prepare(sql)
        .bind(...values)
        .run();
    const outbox =
      "INSERT INTO outbox (id, tenant_id, channel_id, idempotency_key, payload, status, created_at) VALUES (?, ?, ?, ?, '{}', ?, ?)";
    await insert(outbox, "ob_s1", tenant.tenantId, tenant.channelId, "k1", "pending", at - 120_000);
    await insert(outbox, "ob_s2", tenant.tenantId, tenant.channelId, "k2", "pending", at - 60_000);
    await insert(outbox, "ob_s3", tenant.tenantId, tenant.channelId, "k3", "failed", at);
    await insert(outbox, "ob_s4", tenant.tenantId, tenant.channelId, "k4", "sent", at);
    const dead =
      "INSERT INTO dead_letters (id, tenant_id, source, message_key, body, error, attempts, created_at, replayed_at) VALUES (?, ?, 'thread', ?, '{}', 'boom', 4, ?, ?)";
    await insert(dead, "dl_s1", tenant.tenantId, "m1", at - 5_000, null);
    await insert(dead, "dl_s2", tenant.tenantId, "m2", at - 9_000, at);
    const cost =
      "INSERT INTO cost_ledger (id, tenant_id, agent_id, provider, model, input_tokens, output_tokens, cost_micros, at) VALUES (?, ?, 'operations', 'openai', 'm', 10, 10, ?, ?)";
    await insert(cost, "cl_s1", tenant.tenantId, 1_250_000, at);
    const budget = await exports.default.fetch(
      api(tenant, "/settings/routing", {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ budget: { tenant: { dailyMicros: 1_000_000 } } }),
      }),
    );
    expect(budget.status).toBe(200);

    const { status, body } = await get(tenant, "/status");
    expect(status).toBe(200);
    expect(body).toMatchObject({
      tenant: "statusco",
      channels: [{ id: tenant.channelId, platform: "telegram", agentId: "operations" }],
      proposals: { pending: 2, byStatus: { pending: 2 } },
      outbox: { pending: 2, failed: 1, oldestPendingAt: at - 120_000 },
      deadLetters: { open: 1, oldestAt: at - 5_000 },
      spend: {
        todayMicros: 1_250_000,
        monthMicros: 1_250_000,
        dailyBudgetMicros: 1_000_000,
        monthlyBudgetMicros: null,
      },
    });
    expect((body.agents as Array<{ id: string }>).map((agent) => agent.id)).toEqual([
      "finance",
      "operations",
    ]);

    // Another tenant sees only its own: acme has one pending proposal and nothing else.
    const other = await get(acme, "/status");
    expect(other.body).toMatchObject({
      tenant: "acme",
      proposals: { pending: 1 },
      outbox: { pending: 0, failed: 0, oldestPendingAt: null },
      deadLetters: { open: 0, oldestAt: null },
      spend: { todayMicros: 0, dailyBudgetMicros: null },
    });
  });
});
