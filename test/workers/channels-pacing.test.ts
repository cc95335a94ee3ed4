/**
 * Proactive send pacing on real local components: the Tenant object's sliding windows and
 * delivery lease, and the outbound consumer spreading a burst to one chat without losing or
 * repeating a message, with a 429 from Telegram still honoured. The consumer runs on an injected
 * clock (Date faked, the queue simulated with its delays), so every send time is checked
 * exactly. Telegram is faked at the HTTP boundary.
 */
import { env, exports } from "cloudflare:workers";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { OutboundQueueMessage } from "../../channels/queue-messages";
import { database } from "../../db/client";
import { recordOutbound } from "../../db/queries/outbox";
import { tenantStub } from "../../durable-objects/stubs";
import { systemClock } from "../../kernel/clock";
import { createIdSource } from "../../kernel/ids";
import { queueOutbound } from "../../runtime/outbox";
import { handleOutboundBatch } from "../../workers/queues/outbound";
import { createFakeTelegram } from "./fake-telegram";
import { api, seedTenant, type TestTenant } from "./fixtures";
import { drainOutbox } from "./outbox-drain";

const GROUP = -1001230000001;
let tenant: TestTenant;
let telegram: ReturnType<typeof createFakeTelegram>;
const ids = createIdSource(systemClock);

/** The sendMessage calls to one chat whose text starts with `prefix`, in the order they arrived. */
function sentTo(chat: string, prefix: string) {
  return telegram.calls.filter(
    (c) => c.method === "sendMessage" && c.body.chat_id === chat && String(c.body.text).startsWith(prefix),
  );
}

/** The most sends any `windowMs` window holds, by arrival time. */
function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0; i < sorted.length; i++) {
    const inWindow = sorted.filter((t) => t >= sorted[i]! && t < sorted[i]! + windowMs).length;
    most = Math.max(most, inWindow);
  }
  return most;
}

async function patchPacing(pacing: unknown) {
  return exports.default.fetch(
    api(tenant, `/channels/${tenant.channelId}`, { method: "PATCH", body: JSON.stringify({ pacing }) }),
  );
}

beforeAll(async () => {
  tenant = await seedTenant("pace");
  telegram = createFakeTelegram(tenant.botToken);
  telegram.server.listen();
});
afterAll(async () => {
  await drainOutbox(25_000);
  telegram.server.close();
});

describe("the tenant's send pacer", () => {
  const rules = [{ scope: "chat:test:1", limit: 2, windowMs: 1_000 }];
  const pace = (outboxId: string, holder: string, at: number, cost = 1) =>
    tenantStub(env, "pace").paceSend("pace", { outboxId, holder, rules, cost }, at);

  it("grants at most `limit` sends in any window and says when the next slot frees", async () => {
    const t = 1_000_000;
    expect(await pace("out_a", "m1", t)).toEqual({ allowed: true });
    expect(await pace("out_b", "m2", t + 100)).toEqual({ allowed: true });
    expect(await pace("out_c", "m3", t + 200)).toEqual({
      allowed: false,
      reason: "rate",
      scope: "chat:test:1",
      retryAfterMs: 800,
    });
    // Sliding, not fixed: at t+1000 the first send has left the window, the second has not.
    expect(await pace("out_c", "m3", t + 1_000)).toEqual({ allowed: true });
    expect(await pace("out_d", "m4", t + 1_050)).toMatchObject({ allowed: false, retryAfterMs: 50 });
  });

  it("leases a row to the delivery that got its slot: a second delivery of the row waits", async () => {
    const t = 2_000_000;
    expect(await pace("out_e", "m5", t)).toEqual({ allowed: true });
    expect(await pace("out_e", "m5-copy", t + 1_500)).toMatchObject({ allowed: false, reason: "in_flight" });
    // The same delivery (a retry after a 5xx) takes its lease up again.
    expect(await pace("out_e", "m5", t + 1_500)).toEqual({ allowed: true });
  });

  it("counts every part of a split message, so the chat's next send waits for all of them", async () => {
    const t = 3_000_000;
    expect(await pace("out_f", "m6", t, 3)).toEqual({ allowed: true });
    // Three parts at the rule's spacing (500 ms): t, t+500, t+1000; a slot frees once t+500 leaves.
    expect(await pace("out_g", "m7", t + 10)).toMatchObject({ allowed: false, retryAfterMs: 1_490 });
  });

  it("does not hold one chat behind another chat's booked slot on the bot's shared budget", async () => {
    const t = 4_000_000;
    const bot = { scope: "bot:test", limit: 30, windowMs: 1_000 };
    const chat = (id: string) => [{ scope: `chat:test:${id}`, limit: 1, windowMs: 1_000 }, bot];
    const send = (outboxId: string, id: string, at: number) =>
      tenantStub(env, "pace").paceSend("pace", { outboxId, holder: outboxId, rules: chat(id), cost: 1 }, at);
    expect(await send("out_a1", "a", t)).toEqual({ allowed: true });
    expect(await send("out_a2", "a", t + 10)).toMatchObject({ allowed: false, retryAfterMs: 990 });
    expect(await send("out_b1", "b", t + 20)).toEqual({ allowed: true });
  });

  it("books after a pause the platform asked for, in the order the sends met it", async () => {
    const t = 5_000_000;
    const wait = (outboxId: string, at: number, notBefore: number) =>
      tenantStub(env, "pace").paceSend(
        "pace",
        {
          outboxId,
          holder: outboxId,
          rules: [{ scope: "chat:test:p", limit: 1, windowMs: 1_000 }],
          cost: 1,
          notBefore,
        },
        at,
      );
    expect(await wait("out_p0", t, t + 2_000)).toMatchObject({ allowed: false, retryAfterMs: 2_000 });
    expect(await wait("out_p1", t + 10, t + 2_000)).toMatchObject({ allowed: false, retryAfterMs: 2_990 });
    // A longer pause than the slot it holds: the booking moves after it.
    expect(await wait("out_p0", t + 20, t + 5_000)).toMatchObject({ allowed: false, retryAfterMs: 4_980 });
    expect(await pace("out_p1", "out_p1", t + 3_000)).toEqual({ allowed: true });
  });

  it("refuses a malformed request instead of throwing across RPC", async () => {
    const refused = await tenantStub(env, "pace").paceSend(
      "pace",
      { outboxId: "", holder: "m", rules, cost: 1 },
      Date.now(),
    );
    expect(refused).toHaveProperty("refused");
  });
});

/**
 * The outbound queue, simulated on an injected clock: what the consumer sends to
 * OUTBOUND_QUEUE (with its delay) and what it retries (with its delay) waits here, and the clock
 * (Date, faked) jumps to the next message's due time before it is handed to the real consumer.
 * Send times are then exact, not wall-clock gaps with slack.
 */
function virtualQueue() {
  interface Waiting {
    id: string;
    body: unknown;
    dueAt: number;
    attempts: number;
  }
  const waiting: Waiting[] = [];
  let next = 0;
  const enqueue = (body: unknown, delaySeconds = 0, attempts = 1, id = `vmsg_${next++}`) =>
    waiting.push({ id, body, dueAt: Date.now() + delaySeconds * 1_000, attempts });
  const queueEnv: Env = new Proxy(env, {
    get(target, key, receiver) {
      if (key !== "OUTBOUND_QUEUE") return Reflect.get(target, key, receiver);
      return {
        send: async (body: unknown, options?: QueueSendOptions) => void enqueue(body, options?.delaySeconds),
      };
    },
  });
  const take = (due: Waiting[]) => {
    for (const item of due) waiting.splice(waiting.indexOf(item), 1);
    return due;
  };
  /** Hands `items` to the consumer as one batch; a retried message comes back with its delay. */
  async function deliver(items: Waiting[]) {
    const messages = items.map((item) => ({
      id: item.id,
      timestamp: new Date(),
      attempts: item.attempts,
      body: item.body,
      ack: () => undefined,
      retry: (options?: QueueRetryOptions) =>
        void enqueue(item.body, options?.delaySeconds ?? 0, item.attempts + 1, item.id),
    }));
    const batch = {
      queue: "cairn-outbound",
      messages,
      ackAll: () => undefined,
      retryAll: () => undefined,
    } as unknown as MessageBatch<unknown>;
    await handleOutboundBatch(batch, queueEnv);
  }
  return {
    env: queueEnv,
    waiting,
    /** Two deliveries of whatever is due now, at the same time, each as its own batch. */
    async deliverDueConcurrently() {
      const due = take(waiting.filter((item) => item.dueAt <= Date.now()));
      await Promise.all(due.map((item) => deliver([item])));
    },
    /** Runs the queue until nothing waits, moving the clock to each next due time. */
    async runUntilEmpty(maxBatches = 100) {
      for (let batches = 0; waiting.length > 0; batches++) {
        if (batches >= maxBatches) throw new Error(`queue not empty after ${maxBatches} batches`);
        const dueAt = Math.min(...waiting.map((item) => item.dueAt));
        if (dueAt > Date.now()) vi.setSystemTime(dueAt);
        await deliver(take(waiting.filter((item) => item.dueAt <= Date.now())));
      }
    },
  };
}

describe("outbound pacing, on an injected clock", () => {
  let queue: ReturnType<typeof virtualQueue>;
  let t0: number;
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
  });
  afterAll(() => {
    vi.useRealTimers();
  });
  beforeEach(() => {
    // Each test starts a minute after the last one's clock: no window or pause carries over.
    t0 = Math.ceil((Date.now() + 60_000) / 1_000) * 1_000;
    vi.setSystemTime(t0);
    queue = virtualQueue();
  });
  const sendVia = (key: string, conversationId: string, text: string) =>
    queueOutbound(
      queue.env,
      database(env.DB),
      ids,
      { tenantId: tenant.tenantId, channelId: tenant.channelId },
      key,
      { type: "message", conversationId, text },
      Date.now(),
    );
  const offsets = (calls: Array<{ at: number }>) => calls.map((c) => c.at - t0);

  it("spreads a burst to one chat at exactly one message a second, each delivered once", async () => {
    const chat = "777000111";
    const texts = ["burst 1", "burst 2", "burst 3", "burst 4", "burst 5"];
    for (const [i, text] of texts.entries()) await sendVia(`pace:burst:${i}`, chat, text);
    // A repeated key is the same row: queued again while pending, it must not be sent again.
    await sendVia("pace:burst:0", chat, "burst 1");
    const rowsQueued = queue.waiting.map((item) => (item.body as OutboundQueueMessage).outboxId);
    expect(rowsQueued).toHaveLength(6);
    expect(new Set(rowsQueued).size).toBe(5);
    await queue.runUntilEmpty();
    const sent = sentTo(chat, "burst");
    expect(sent.map((c) => c.body.text)).toEqual(texts);
    expect(offsets(sent)).toEqual([0, 1_000, 2_000, 3_000, 4_000]);
    const rows = await env.DB.prepare(
      "SELECT status, attempts FROM outbox WHERE tenant_id = ? AND idempotency_key LIKE 'pace:burst:%'",
    )
      .bind(tenant.tenantId)
      .all<{ status: string; attempts: number }>();
    // Waiting for a slot is not a failed attempt.
    expect(rows.results).toEqual(texts.map(() => ({ status: "sent", attempts: 0 })));
  });

  it("keeps a group under its configured budget (here 3 per 3 s)", async () => {
    const bad = await patchPacing({ telegram: { perGroup: { limit: 0, windowMs: 3_000 } } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toMatch(/limit/);
    const ok = await patchPacing({ telegram: { perChat: null, perGroup: { limit: 3, windowMs: 3_000 } } });
    expect(ok.status).toBe(200);

    const chat = String(GROUP);
    for (let i = 0; i < 6; i++) await sendVia(`pace:group:${i}`, chat, `group ${i}`);
    await queue.runUntilEmpty();
    const sent = sentTo(chat, "group");
    expect(sent.map((c) => c.body.text)).toEqual([0, 1, 2, 3, 4, 5].map((i) => `group ${i}`));
    // With the per-chat rule off, three go out at once; the next three when the window frees.
    expect(offsets(sent)).toEqual([0, 0, 0, 3_000, 3_000, 3_000]);
    expect(busiestWindow(offsets(sent), 3_000)).toBe(3);
    expect((await patchPacing({})).status).toBe(200);
  });

  it("resends after a 429 exactly retry_after later, and keeps the chat's order behind it", async () => {
    const chat = "777000999";
    const before = telegram.received.length;
    telegram.failNext(429, 2);
    for (let i = 0; i < 3; i++) await sendVia(`pace:limited:${i}`, chat, `limited ${i}`);
    await queue.runUntilEmpty();
    const requests = telegram.received.slice(before).filter((r) => r.method === "sendMessage");
    // The refused call is recorded with its time: the resend comes retry_after (2 s) after it.
    expect(requests.map((r) => ({ status: r.status, at: r.at - t0 }))).toEqual([
      { status: 429, at: 0 },
      { status: 200, at: 2_000 },
      { status: 200, at: 3_000 },
      { status: 200, at: 4_000 },
    ]);
    const sent = sentTo(chat, "limited");
    expect(sent.map((c) => c.body.text)).toEqual(["limited 0", "limited 1", "limited 2"]);
    expect(offsets(sent)).toEqual([2_000, 3_000, 4_000]);
    const pause = await env.DB.prepare(
      "SELECT scope, until FROM channel_send_pauses WHERE tenant_id = ? AND scope = ?",
    )
      .bind(tenant.tenantId, `chat:${tenant.channelId}:${chat}`)
      .first<{ scope: string; until: number }>();
    expect(pause).toEqual({ scope: `chat:${tenant.channelId}:${chat}`, until: t0 + 2_000 });
  });

  it("sends a row once when two queue messages carry it at the same time", async () => {
    const row = await recordOutbound(database(env.DB), {
      id: ids.next("out"),
      tenantId: tenant.tenantId,
      channelId: tenant.channelId,
      idempotencyKey: "pace:twice",
      payload: { type: "message", conversationId: "777000555", text: "only once" },
      createdAt: Date.now(),
    });
    const body: OutboundQueueMessage = { tenantId: tenant.tenantId, outboxId: row.id };
    // As when the sweep re-enqueues a row whose first message is still on its way.
    await Promise.all([queue.env.OUTBOUND_QUEUE.send(body), queue.env.OUTBOUND_QUEUE.send(body)]);
    await queue.deliverDueConcurrently();
    // Whatever either delivery put back has run too: nothing is left that could send it again.
    await queue.runUntilEmpty();
    expect(queue.waiting).toEqual([]);
    expect(sentTo("777000555", "only once")).toHaveLength(1);
  });
});
