/**
 * The platform API's tenants (workers/platform/): its own token (no tenant's opens it), a tenant
 * created with its admin token shown once and its default agents, listed and looked up; and a
 * suspended tenant whose webhooks are acknowledged and parked — nothing queued, nothing lost —
 * then queued in arrival order and answered once when it is resumed (also by the cron sweep).
 */
import { env, exports } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { app } from "../../workers/app";
import { PARKED_HEADER } from "../../workers/gateway/webhooks";
import { runScheduledSweep } from "../../workers/scheduled";
import { createFakeTelegram } from "./fake-telegram";
import { api, seedTenant, type TestTenant } from "./fixtures";
import { drainOutbox } from "./outbox-drain";
import { CHAT_ID, textUpdate } from "./telegram-updates";
import { threadTurn } from "./thread-turn";

const PLATFORM = { Authorization: "Bearer platform-test-token" };
let parkco: TestTenant;
let telegram: ReturnType<typeof createFakeTelegram>;

function platform(path: string, init: RequestInit & { token?: string | null } = {}) {
  const headers = new Headers(init.headers);
  if (init.token !== null) headers.set("Authorization", `Bearer ${init.token ?? "platform-test-token"}`);
  if (init.body) headers.set("content-type", "application/json");
  return exports.default.fetch(new Request(`https://cairn.test/platform${path}`, { ...init, headers }));
}
// biome-ignore lint/suspicious/noExplicitAny: the test reads JSON bodies loosely and asserts on them
type Json = any;
const json = async (response: Response) => ({
  status: response.status,
  body: (await response.json()) as Json,
});

async function webhook(tenant: TestTenant, update: unknown) {
  return exports.default.fetch(
    new Request(`https://cairn.test/webhooks/telegram/${tenant.tenantId}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "X-Telegram-Bot-Api-Secret-Token": tenant.webhookSecret,
      },
      body: JSON.stringify(update),
    }),
  );
}

/** Waits until the tenant's chat thread has stored `n` messages, then until its replies are sent. */
async function threadReached(n: number) {
  await vi.waitFor(
    async () => {
      const row = await env.DB.prepare(
        "SELECT message_count AS n FROM context_threads WHERE tenant_id = 'parkco'",
      ).first<{ n: number }>();
      expect(row?.n).toBe(n);
    },
    { timeout: 20_000, interval: 200 },
  );
  await drainOutbox();
}

const parkedCount = async (tenantId: string) =>
  (
    await env.DB.prepare("SELECT count(*) AS n FROM parked_events WHERE tenant_id = ?")
      .bind(tenantId)
      .first<{ n: number }>()
  )?.n;

let quotaco: TestTenant;

beforeAll(async () => {
  parkco = await seedTenant("parkco");
  quotaco = await seedTenant("quotaco");
  telegram = createFakeTelegram([parkco.botToken, quotaco.botToken]);
  telegram.server.listen();
});
afterAll(async () => {
  await drainOutbox();
  telegram.server.close();
});

describe("the platform token", () => {
  it("is the only key: none, a malformed one, a wrong one and a tenant's admin token are refused", async () => {
    expect((await json(await platform("/tenants", { token: null }))).status).toBe(401);
    expect(
      (await platform("/tenants", { headers: { Authorization: "Basic abc" }, token: null })).status,
    ).toBe(401);
    expect((await platform("/tenants", { token: "guess" })).status).toBe(403);
    expect((await platform("/tenants", { token: parkco.adminToken })).status).toBe(403);
    // And the platform token opens no tenant's admin API.
    const asTenant = await exports.default.fetch(
      new Request("https://cairn.test/api/status", { headers: PLATFORM }),
    );
    expect(asTenant.status).toBe(403);
  });

  it("switches the platform API off when the deployment has no platform token", async () => {
    const off = await app.fetch(new Request("https://cairn.test/platform/tenants", { headers: PLATFORM }), {
      ...env,
      CAIRN_PLATFORM_TOKEN: undefined,
    });
    expect(off.status).toBe(404);
    expect(((await off.json()) as { error: string }).error).toMatch(/set the CAIRN_PLATFORM_TOKEN secret/);
  });
});

describe("creating tenants", () => {
  it("creates a tenant with its admin token, shown once, and its default agents", async () => {
    const created = await json(
      await platform("/tenants", {
        method: "POST",
        body: JSON.stringify({ id: "newco", name: "New Co Ltd" }),
      }),
    );
    expect(created.status).toBe(201);
    expect(created.body.tenant).toMatchObject({ id: "newco", name: "New Co Ltd", status: "active" });
    expect(created.body.agents).toEqual(["operations", "finance"]);
    expect(created.body.adminToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const owner = { adminToken: created.body.adminToken as string };
    const status = await json(await exports.default.fetch(api(owner, "/status")));
    expect(status.status).toBe(200);
    expect(status.body.tenant).toBe("newco");
    const agents = await json(await exports.default.fetch(api(owner, "/agents")));
    expect(agents.body.agents.map((agent: { id: string }) => agent.id).sort()).toEqual([
      "finance",
      "operations",
    ]);
    // Only its digest is kept.
    const stored = await env.DB.prepare("SELECT token_hash FROM api_tokens WHERE tenant_id = 'newco'").all();
    expect(JSON.stringify(stored.results)).not.toContain(owner.adminToken);

    const again = await json(
      await platform("/tenants", { method: "POST", body: JSON.stringify({ id: "newco", name: "Other" }) }),
    );
    expect(again).toMatchObject({ status: 409, body: { field: "id" } });
    const listed = await json(await platform("/tenants?limit=500"));
    expect(listed.body.tenants.map((t: { id: string }) => t.id)).toEqual(
      expect.arrayContaining(["newco", "parkco"]),
    );
    expect((await json(await platform("/tenants/newco"))).body).toMatchObject({
      tenant: { id: "newco" },
      parkedEvents: 0,
    });
    expect((await platform("/tenants/nosuch")).status).toBe(404);
  });

  it("refuses a bad request with the field named and stores nothing", async () => {
    const count = async () =>
      (await env.DB.prepare("SELECT count(*) AS n FROM tenants").first<{ n: number }>())?.n;
    const before = await count();
    for (const [body, field] of [
      [{ id: "Bad_Id", name: "x" }, "id"],
      [{ id: "-dash", name: "x" }, "id"],
      [{ id: "okco", name: "  " }, "name"],
      [{ id: "okco", name: "x", agents: ["wizard"] }, "agents.0"],
      [{ id: "okco", name: "x", plan: "gold" }, "plan"],
    ] as const) {
      const answer = await json(await platform("/tenants", { method: "POST", body: JSON.stringify(body) }));
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.field, JSON.stringify(body)).toBe(field);
    }
    expect((await platform("/tenants", { method: "POST", body: "{not json" })).status).toBe(400);
    expect((await platform("/tenants?limit=0")).status).toBe(400);
    expect(await count()).toBe(before);
  });
});

describe("suspending a tenant", () => {
  it("acknowledges and parks its webhooks, then queues them in order and answers each once on resume", async () => {
    expect(
      (await json(await platform("/tenants/parkco/suspend", { method: "POST" }))).body.tenant,
    ).toMatchObject({
      status: "suspended",
    });
    const sentBefore = telegram.sentMessages().length;
    for (const [id, text] of [
      [9001, "first while suspended"],
      [9002, "second while suspended"],
    ] as const) {
      const answer = await webhook(parkco, textUpdate(id, text));
      expect(answer.status).toBe(200);
      expect(answer.headers.get(PARKED_HEADER)).toBe("1");
    }
    expect(await parkedCount("parkco")).toBe(2);
    // Nothing reached a thread: no thread row for the chat, no reply.
    const threads = await env.DB.prepare(
      "SELECT count(*) AS n FROM context_threads WHERE tenant_id = 'parkco'",
    ).first<{ n: number }>();
    expect(threads?.n).toBe(0);
    expect(telegram.sentMessages()).toHaveLength(sentBefore);
    expect((await json(await platform("/tenants/parkco"))).body.parkedEvents).toBe(2);

    const resumed = await json(await platform("/tenants/parkco/resume", { method: "POST" }));
    expect(resumed.body).toMatchObject({ tenant: { status: "active" }, queued: 2, remaining: 0 });
    expect(await parkedCount("parkco")).toBe(0);
    await threadReached(2);
    const replies = telegram.sentMessages().slice(sentBefore) as Array<{ chat_id: number | string }>;
    expect(replies.length).toBeGreaterThanOrEqual(2);
    expect(new Set(replies.map((reply) => String(reply.chat_id)))).toEqual(new Set([String(CHAT_ID)]));
    // A second resume finds nothing more to queue; the same webhook again is now an ordinary one.
    expect((await json(await platform("/tenants/parkco/resume", { method: "POST" }))).body).toMatchObject({
      queued: 0,
    });
    const live = await webhook(parkco, textUpdate(9003, "after the resume"));
    expect(live.headers.get(PARKED_HEADER)).toBeNull();
    await threadReached(3);
  });

  it("queues from the cron sweep what was parked for a tenant that is active again", async () => {
    await platform("/tenants/parkco/suspend", { method: "POST" });
    expect(
      (await webhook(parkco, textUpdate(9101, "parked, then left behind"))).headers.get(PARKED_HEADER),
    ).toBe("1");
    // As if a webhook read the old status while the resume ran: active, with an event still parked.
    await env.DB.prepare("UPDATE tenants SET status = 'active' WHERE id = 'parkco'").run();
    const result = await runScheduledSweep(env, Date.now());
    expect(result.unparked).toBe(1);
    expect(await parkedCount("parkco")).toBe(0);
    await threadReached(4);
  });

  it("refuses an unknown tenant", async () => {
    expect((await platform("/tenants/nosuch/suspend", { method: "POST" })).status).toBe(404);
    expect((await platform("/tenants/nosuch/resume", { method: "POST" })).status).toBe(404);
  });
});

describe("quotas", () => {
  const rows = async (sql: string) => (await env.DB.prepare(sql).all()).results;

  it("sets a tenant's quotas, naming a bad one", async () => {
    const set = await json(
      await platform("/tenants/quotaco/quotas", {
        method: "PUT",
        body: JSON.stringify({ messagesPerDay: 2, channels: 1 }),
      }),
    );
    expect(set.body.tenant.quotas).toEqual({ messagesPerDay: 2, channels: 1 });
    for (const [body, field] of [
      [{ messagesPerDay: -1 }, "messagesPerDay"],
      [{ messagesPerDay: 1.5 }, "messagesPerDay"],
      [{ seats: 3 }, "seats"],
    ] as const) {
      const answer = await json(
        await platform("/tenants/quotaco/quotas", { method: "PUT", body: JSON.stringify(body) }),
      );
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.field).toBe(field);
    }
    expect((await platform("/tenants/nosuch/quotas", { method: "PUT", body: "{}" })).status).toBe(404);
    expect((await json(await platform("/tenants/quotaco"))).body.tenant.quotas).toEqual({
      messagesPerDay: 2,
      channels: 1,
    });
  });

  it("past the day's messages keeps each message, runs no turn, audits it and tells the chat once", async () => {
    const ledger = async () =>
      (
        await env.DB.prepare("SELECT count(*) AS n FROM cost_ledger WHERE tenant_id = 'quotaco'").first<{
          n: number;
        }>()
      )?.n;
    await threadTurn(quotaco, 1, "first");
    await threadTurn(quotaco, 2, "second");
    const booked = await ledger();
    expect((await threadTurn(quotaco, 3, "third, over the limit")).reply).toBeUndefined();
    await threadTurn(quotaco, 4, "fourth, still over");
    // A redelivery of an answered message is a duplicate, not a third message.
    expect(await threadTurn(quotaco, 1, "first")).toMatchObject({ duplicate: true });
    expect(await ledger()).toBe(booked);
    const told = await rows(
      "SELECT idempotency_key FROM outbox WHERE tenant_id = 'quotaco' AND idempotency_key LIKE 'quota:messages:%'",
    );
    expect(told).toHaveLength(1);
    const audited = await rows(
      "SELECT subject_id, detail FROM audit_log WHERE tenant_id = 'quotaco' AND action = 'quota.messages_reached' ORDER BY at",
    );
    expect(audited.map((row) => row.subject_id)).toEqual(["telegram:update:3", "telegram:update:4"]);
    expect(JSON.parse(String(audited[0]?.detail))).toMatchObject({ limit: 2, used: 3 });
    await drainOutbox();
    expect(
      telegram
        .sentMessages()
        .filter((body) => JSON.stringify(body).includes("reached its limit of 2 messages")),
    ).toHaveLength(1);
  });

  it("refuses a channel past the plan's channels, and stores nothing", async () => {
    const answer = await exports.default.fetch(
      api(quotaco, "/channels/slack", {
        method: "PUT",
        body: JSON.stringify({
          agentId: "operations",
          signingSecret: "s".repeat(32),
          clientId: "123.456",
          clientSecret: "c".repeat(32),
        }),
      }),
    );
    expect(answer.status).toBe(403);
    expect(await answer.json()).toMatchObject({
      field: "platform",
      error: expect.stringMatching(/allows 1 channel/),
    });
    expect(await rows("SELECT id FROM channels WHERE tenant_id = 'quotaco' AND kind = 'slack'")).toEqual([]);
  });
});
