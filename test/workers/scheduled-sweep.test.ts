/**
 * The cron sweep (workers/scheduled.ts), against the real local queue, D1 and AgentLoop objects:
 * it re-enqueues only pending rows older than the staleness cut-off, at most 100 a run and the
 * oldest first, and arms the loop of every enabled agent of every tenant and of no disabled one.
 * What it puts on the outbound queue is recorded on the way through (the real queue still gets
 * it, so the rows are then really sent to the fake Telegram).
 */
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { OutboundQueueMessage } from "../../channels/queue-messages";
import { database } from "../../db/client";
import { recordOutbound } from "../../db/queries/outbox";
import { agentLoopStub } from "../../durable-objects/stubs";
import { runScheduledSweep } from "../../workers/scheduled";
import { createFakeTelegram } from "./fake-telegram";
import { seedTenant, type TestTenant } from "./fixtures";

/** workers/scheduled.ts: a pending row this old may have lost its queue message. */
const STALE_AFTER_MS = 10 * 60_000;
/** workers/scheduled.ts: rows re-enqueued per run at most. */
const ROW_LIMIT = 100;
/** One sweep time for the whole file: which rows are stale depends on it alone. */
const NOW = Date.now();

let north: TestTenant;
let south: TestTenant;
let telegram: ReturnType<typeof createFakeTelegram>;
const queued: OutboundQueueMessage[] = [];

/** The environment the cron gets, with the outbound queue's sends recorded and passed on. */
const sweepEnv = (): Env =>
  new Proxy(env, {
    get(target, key, receiver) {
      if (key !== "OUTBOUND_QUEUE") return Reflect.get(target, key, receiver);
      return {
        async send(message: OutboundQueueMessage, options?: QueueSendOptions) {
          queued.push(message);
          await target.OUTBOUND_QUEUE.send(message, options);
        },
      };
    },
  });

async function sweep() {
  queued.length = 0;
  return runScheduledSweep(sweepEnv(), NOW);
}

/** Waits until every row the last sweep re-enqueued has been sent, so nothing is in flight after. */
async function deliveredAll(timeout = 60_000) {
  const ids = queued.map((message) => message.outboxId);
  if (ids.length === 0) return;
  await vi.waitFor(
    async () => {
      const statuses = await statusOf(ids);
      expect(Object.values(statuses).filter((status) => status === "sent")).toHaveLength(ids.length);
    },
    { timeout, interval: 250 },
  );
}

async function pendingRow(tenant: TestTenant, key: string, createdAt: number, status = "pending") {
  const row = await recordOutbound(database(env.DB), {
    id: `out_${key}`,
    tenantId: tenant.tenantId,
    channelId: tenant.channelId,
    idempotencyKey: key,
    // One chat per row, so the chat's one-message-a-second pace does not stretch the test.
    payload: {
      type: "message",
      conversationId: String(7000 + Number(key.replace(/\D/g, "") || 0)),
      text: key,
    },
    createdAt,
  });
  if (status !== "pending")
    await env.DB.prepare("UPDATE outbox SET status = ? WHERE id = ?").bind(status, row.id).run();
  return row.id;
}

async function statusOf(ids: readonly string[]) {
  const marks = ids.map(() => "?").join(",");
  const { results } = await env.DB.prepare(`SELECT id, status FROM outbox WHERE id IN (${marks})`)
    .bind(...ids)
    .all<{ id: string; status: string }>();
  return Object.fromEntries(results.map((row) => [row.id, row.status]));
}

beforeAll(async () => {
  north = await seedTenant("north");
  south = await seedTenant("south");
  // One tenant's operations agent is switched off: its loop must not be armed.
  await env.DB.prepare("UPDATE agents SET enabled = 0 WHERE tenant_id = 'south' AND id = 'operations'").run();
  // One fake Bot API answers both tenants' bots.
  telegram = createFakeTelegram([north.botToken, south.botToken]);
  telegram.server.listen();
});
afterAll(() => telegram.server.close());

describe("the staleness cut-off", () => {
  it("re-enqueues a pending row older than the cut-off, and no newer, sent or failed row", async () => {
    const stale = await pendingRow(north, "cut-1", NOW - STALE_AFTER_MS - 1);
    const atCutOff = await pendingRow(north, "cut-2", NOW - STALE_AFTER_MS);
    const recent = await pendingRow(north, "cut-3", NOW - 60_000);
    const sent = await pendingRow(north, "cut-4", NOW - STALE_AFTER_MS - 5_000, "sent");
    const failed = await pendingRow(north, "cut-5", NOW - STALE_AFTER_MS - 5_000, "failed");

    const result = await sweep();
    expect(queued).toEqual([{ tenantId: "north", outboxId: stale }]);
    expect(result.requeued).toBe(1);

    // The re-enqueued row is then really delivered; the others are as they were.
    await vi.waitFor(async () => expect((await statusOf([stale]))[stale]).toBe("sent"), {
      timeout: 15_000,
      interval: 100,
    });
    expect(await statusOf([atCutOff, recent, sent, failed])).toEqual({
      [atCutOff]: "pending",
      [recent]: "pending",
      [sent]: "sent",
      [failed]: "failed",
    });
    expect(telegram.sentMessages().map((body) => body.text)).toEqual(["cut-1"]);
  });
});

describe("the row limit", () => {
  it(`re-enqueues at most ${ROW_LIMIT} rows a run, the oldest first, across tenants`, async () => {
    const ids: string[] = [];
    // 101 stale rows, oldest first, alternating tenants.
    for (let i = 0; i <= ROW_LIMIT; i++) {
      const tenant = i % 2 === 0 ? north : south;
      ids.push(await pendingRow(tenant, `limit-${100 + i}`, NOW - STALE_AFTER_MS - 1_000_000 + i * 1000));
    }
    const result = await sweep();
    expect(result.requeued).toBe(ROW_LIMIT);
    expect(queued.map((message) => message.outboxId)).toEqual(ids.slice(0, ROW_LIMIT));
    expect(queued.map((message) => message.tenantId)).toEqual(
      ids.slice(0, ROW_LIMIT).map((_, i) => (i % 2 === 0 ? "north" : "south")),
    );

    // Wait for the hundred to go out, so no send is still in flight when the file ends; the
    // newest stale row was not re-enqueued and is still pending.
    await deliveredAll();
    const newest = ids[ROW_LIMIT] as string;
    expect(await statusOf([newest])).toEqual({ [newest]: "pending" });
  });
});

describe("agent loops", () => {
  it("arms the loop of every enabled agent of every tenant, and of no disabled one", async () => {
    const result = await sweep();
    // This run re-enqueues what the last one left (the newest stale row): let it go out.
    await deliveredAll();
    expect(result.loops).toBe(3);
    for (const [tenantId, agentId] of [
      ["north", "finance"],
      ["north", "operations"],
      ["south", "finance"],
    ] as const) {
      const status = await agentLoopStub(env, tenantId, agentId).status();
      expect({ tenantId: status.tenantId, agentId: status.agentId }).toEqual({ tenantId, agentId });
      expect(status.nextCycleAt).toBeGreaterThan(NOW);
    }
    const disabled = await agentLoopStub(env, "south", "operations").status();
    expect(disabled).toMatchObject({ tenantId: "", agentId: "", nextCycleAt: null });
  });
});
