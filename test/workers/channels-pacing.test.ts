/**
 * Proactive send pacing on real local components: the Tenant object's sliding windows and
 * delivery lease, and the outbound queue spreading a burst to one chat without losing or
 * repeating a message, with a 429 from Telegram still honoured. Telegram is faked at the HTTP
 * boundary.
 */
import { env, exports } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { OutboundQueueMessage } from "../../channels/queue-messages";
import { database } from "../../db/client";
import { recordOutbound } from "../../db/queries/outbox";
import { tenantStub } from "../../durable-objects/stubs";
import { systemClock } from "../../kernel/clock";
import { createIdSource } from "../../kernel/ids";
import { queueOutbound } from "../../runtime/outbox";
import { createFakeTelegram } from "./fake-telegram";
import { api, seedTenant, type TestTenant } from "./fixtures";
import { drainOutbox } from "./outbox-drain";

const GROUP = -1001230000001;
let tenant: TestTenant;
let telegram: ReturnType<typeof createFakeTelegram>;
const ids = createIdSource(systemClock);

function send(key: string, conversationId: string, text: string) {
  return queueOutbound(
    env,
    database(env.DB),
    ids,
    { tenantId: tenant.tenantId, channelId: tenant.channelId },
    key,
    { type: "message", conversationId, text },
    Date.now(),
  );
}

/** The sendMessage calls to one chat whose text starts with `prefix`, in the order they arrived. */
function sentTo(chat: string, prefix: string) {
  return telegram.calls.filter(
    (c) => c.method === "sendMessage" && c.body.chat_id === chat && String(c.body.text).startsWith(prefix),
  );
}

async function waitForSent(chat: string, prefix: string, n: number) {
  await vi.waitFor(
    () => {
      const sent = sentTo(chat, prefix).length;
      if (sent < n) throw new Error(`only ${sent} of ${n} sent to ${chat}`);
    },
    { timeout: 25_000, interval: 100 },
  );
  return sentTo(chat, prefix);
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

describe("outbound pacing", () => {
  it("spreads a burst to one chat at one message a second, each delivered exactly once", async () => {
    const chat = "777000111";
    const texts = ["burst 1", "burst 2", "burst 3", "burst 4", "burst 5"];
    for (const [i, text] of texts.entries()) await send(`pace:burst:${i}`, chat, text);
    // A repeated key is the same row: it must not be sent again.
    await send("pace:burst:0", chat, "burst 1");
    const sent = await waitForSent(chat, "burst", 5);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(
      sentTo(chat, "burst")
        .map((c) => String(c.body.text))
        .sort(),
    ).toEqual(texts);
    expect(
      busiestWindow(
        sent.map((c) => c.at),
        950,
      ),
    ).toBe(1);
    const rows = await env.DB.prepare(
      "SELECT status, attempts FROM outbox WHERE tenant_id = ? AND idempotency_key LIKE 'pace:burst:%'",
    )
      .bind(tenant.tenantId)
      .all<{ status: string; attempts: number }>();
    // Waiting for a slot is not a failed attempt.
    expect(rows.results).toEqual(texts.map(() => ({ status: "sent", attempts: 0 })));
  });

  it("keeps a group under its configured per-minute budget (here 3 per 3 s)", async () => {
    const bad = await patchPacing({ telegram: { perGroup: { limit: 0, windowMs: 3_000 } } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toMatch(/limit/);
    const ok = await patchPacing({ telegram: { perChat: null, perGroup: { limit: 3, windowMs: 3_000 } } });
    expect(ok.status).toBe(200);

    const chat = String(GROUP);
    for (let i = 0; i < 6; i++) await send(`pace:group:${i}`, chat, `group ${i}`);
    const sent = await waitForSent(chat, "group", 6);
    expect(sent.map((c) => String(c.body.text)).sort()).toEqual([0, 1, 2, 3, 4, 5].map((i) => `group ${i}`));
    expect(
      busiestWindow(
        sent.map((c) => c.at),
        2_950,
      ),
    ).toBeLessThanOrEqual(3);
    // With the per-chat rule off, the first three went out together.
    expect(sent[2]!.at - sent[0]!.at).toBeLessThan(1_000);
    expect((await patchPacing({})).status).toBe(200);
  });

  it("still honours a 429 within a paced burst, losing and repeating nothing", async () => {
    const chat = "777000999";
    telegram.failNext(429, 2);
    for (let i = 0; i < 3; i++) await send(`pace:limited:${i}`, chat, `limited ${i}`);
    await waitForSent(chat, "limited", 3);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(sentTo(chat, "limited").map((c) => c.body.text)).toEqual(["limited 0", "limited 1", "limited 2"]);
    const pause = await env.DB.prepare(
      "SELECT scope FROM channel_send_pauses WHERE tenant_id = ? AND scope = ?",
    )
      .bind(tenant.tenantId, `chat:${tenant.channelId}:${chat}`)
      .first<{ scope: string }>();
    expect(pause?.scope).toBe(`chat:${tenant.channelId}:${chat}`);
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
    await Promise.all([env.OUTBOUND_QUEUE.send(body), env.OUTBOUND_QUEUE.send(body)]);
    await waitForSent("777000555", "only once", 1);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(sentTo("777000555", "only once")).toHaveLength(1);
  });
});
