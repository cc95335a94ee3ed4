/**
 * The inbound path's crash safety: a stored message arms its thread's alarm before its turn
 * starts, so a turn that fails or is cut short is finished by the thread itself, with no queue
 * redelivery, exactly once in its effects; a message that fails every attempt ends in D1
 * `dead_letters` with the person told once and an audit entry, and the chat goes on. The
 * dead-letter API lists and replays; the dead-letter queue's consumer keeps what it receives.
 *
 * Time: a fake clock a year ahead, so the thread's alarms never fire in real time, only when the
 * test runs them (runDurableObjectAlarm) after moving the clock. Telegram is faked with MSW.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ContextThread } from "../../durable-objects/context-thread/context-thread";
import { threadIdFor, threadStub } from "../../durable-objects/stubs";
import { armTurn, MAX_TURN_ATTEMPTS, TURN_TIMER } from "../../runtime/threads/turn-resumption";
import { handleDeadLetterBatch } from "../../workers/queues/dead-letter";
import { createFakeTelegram } from "./fake-telegram";
import { api, seedTenant, type TestTenant } from "./fixtures";

const MINUTE = 60_000;
let tenant: TestTenant;
let other: TestTenant;
let telegram: ReturnType<typeof createFakeTelegram>;

const CHAT = "4242";
const threadId = () => threadIdFor(tenant.tenantId, "telegram", CHAT);
const stub = () => threadStub(env, threadId());

function message(updateId: number, text: string) {
  return {
    tenantId: tenant.tenantId,
    channelId: tenant.channelId,
    platform: "telegram" as const,
    conversationId: CHAT,
    sender: { id: tenant.approverId, name: "Ada", isBot: false },
    text,
    platformMessageId: String(updateId),
    dedupKey: `telegram:update:${updateId}`,
    receivedAt: Date.now(),
  };
}

/** A kernel error in every turn of the channel's agent (its stored definition no longer validates). */
async function breakAgent(broken: boolean) {
  if (broken) {
    await env.DB.prepare(
      "UPDATE agents SET definition = json_set(definition, '$.broken_by_test', json(definition)) WHERE tenant_id = ? AND id = 'operations'",
    )
      .bind(tenant.tenantId)
      .run();
    await env.DB.prepare(
      "UPDATE agents SET definition = json_set(definition, '$.id', 42) WHERE tenant_id = ? AND id = 'operations'",
    )
      .bind(tenant.tenantId)
      .run();
  } else {
    await env.DB.prepare(
      "UPDATE agents SET definition = json_extract(definition, '$.broken_by_test') WHERE tenant_id = ? AND id = 'operations' AND json_extract(definition, '$.broken_by_test') IS NOT NULL",
    )
      .bind(tenant.tenantId)
      .run();
  }
}

function advance(ms: number) {
  vi.setSystemTime(Date.now() + ms);
}

/** The thread's turn schedules and whether the message's turn is done, read in the object. */
function threadState(dedupKey: string) {
  return runInDurableObject(stub(), async (_instance: ContextThread, state) => {
    const schedules = state.storage.sql
      .exec<{ key: string; payload: string }>("SELECT key, payload FROM schedules WHERE kind = ?", TURN_TIMER)
      .toArray();
    const done = state.storage.sql
      .exec<{ turn_done: number }>("SELECT turn_done FROM messages WHERE dedup_key = ?", dedupKey)
      .toArray()[0]?.turn_done;
    return {
      turns: schedules.map((row) => ({
        key: row.key,
        attempts: (JSON.parse(row.payload) as { attempts: number }).attempts,
      })),
      done: done === 1,
    };
  });
}

/** Waits until every outbox row of the thread is sent: after that, Telegram's count is final. */
async function outboxSettled() {
  await vi.waitFor(
    async () => {
      const row = await env.DB.prepare(
        "SELECT count(*) AS n FROM outbox WHERE tenant_id = ? AND thread_id = ? AND status != 'sent'",
      )
        .bind(tenant.tenantId, threadId())
        .first<{ n: number }>();
      const all = await env.DB.prepare(
        "SELECT count(*) AS n FROM outbox WHERE tenant_id = ? AND thread_id = ?",
      )
        .bind(tenant.tenantId, threadId())
        .first<{ n: number }>();
      if (row!.n > 0 || all!.n === 0) throw new Error(`${row!.n} of ${all!.n} outbox rows not sent yet`);
    },
    { timeout: 15_000, interval: 100 },
  );
}

const sentTo = (pattern: RegExp) =>
  telegram.sentMessages().filter((m) => m.chat_id === CHAT && pattern.test(String(m.text)));

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(Date.now() + 365 * 24 * 60 * MINUTE);
  tenant = await seedTenant("resumeco");
  other = await seedTenant("resumeother");
  // Date is frozen, and send pacing frees a slot only as time passes: this channel sends unpaced.
  await env.DB.prepare(
    "UPDATE channels SET config = json_set(config, '$.pacing', json(?)) WHERE tenant_id = ? AND id = ?",
  )
    .bind(
      JSON.stringify({ telegram: { perChat: null, perGroup: null, perBot: null } }),
      tenant.tenantId,
      tenant.channelId,
    )
    .run();
  telegram = createFakeTelegram(tenant.botToken);
  telegram.server.listen();
});
afterAll(() => {
  telegram.server.close();
  vi.useRealTimers();
});

describe("a stored message's turn is finished by its thread", () => {
  it("resumes a turn that failed, from the alarm alone, and answers once", async () => {
    await breakAgent(true);
    const first = await stub().receive(threadId(), message(1, "hello after a crash"));
    // The thread took the message (the queue would acknowledge it) and armed its resumption.
    expect(first).toEqual({ duplicate: false });
    const armed = await threadState("telegram:update:1");
    expect(armed).toEqual({ turns: [{ key: "turn:telegram:update:1", attempts: 1 }], done: false });
    expect(sentTo(/./)).toHaveLength(0);

    await breakAgent(false);
    advance(10 * MINUTE);
    expect(await runDurableObjectAlarm(stub())).toBe(true);
    expect(await threadState("telegram:update:1")).toEqual({ turns: [], done: true });
    await outboxSettled();
    expect(sentTo(/offline: no model is configured/)).toHaveLength(1);

    // A late redelivery of the same update, and another alarm, add nothing.
    expect(await stub().receive(threadId(), message(1, "hello after a crash"))).toEqual({ duplicate: true });
    advance(10 * MINUTE);
    await runDurableObjectAlarm(stub());
    await outboxSettled();
    expect(sentTo(/offline: no model is configured/)).toHaveLength(1);
  });

  it("resumes a turn whose instance was lost after storing it (no attempt ever returned)", async () => {
    // What a kill leaves: the thread bound, the message stored and its resumption armed, the
    // turn never finished.
    await runInDurableObject(stub(), async (_instance: ContextThread, state) => {
      for (const [key, value] of [
        ["thread_id", threadId()],
        ["channel_id", tenant.channelId],
      ])
        state.storage.sql.exec(
          "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
          key,
          value,
        );
      state.storage.sql.exec(
        "INSERT INTO messages (dedup_key, role, sender, text, at) VALUES (?, 'user', ?, ?, ?)",
        "telegram:update:2",
        tenant.approverId,
        "hello once more",
        Date.now(),
      );
      const { Schedules } = await import("../../durable-objects/schedules");
      await armTurn(
        new Schedules(state.storage.sql, state.storage),
        threadId(),
        message(2, "hello once more"),
        Date.now(),
      );
    });
    const before = sentTo(/offline: no model is configured/).length;
    advance(10 * MINUTE);
    expect(await runDurableObjectAlarm(stub())).toBe(true);
    expect(await threadState("telegram:update:2")).toEqual({ turns: [], done: true });
    await outboxSettled();
    expect(sentTo(/offline: no model is configured/)).toHaveLength(before + 1);
  });
});

describe("a message that fails every attempt", () => {
  let reference = "";

  it(`is dead-lettered after ${MAX_TURN_ATTEMPTS} attempts: told once, audited, kept in D1`, async () => {
    await breakAgent(true);
    await stub().receive(threadId(), message(3, "this one always crashes"));
    for (let attempt = 2; attempt <= MAX_TURN_ATTEMPTS; attempt++) {
      expect((await threadState("telegram:update:3")).turns).toEqual([
        { key: "turn:telegram:update:3", attempts: attempt - 1 },
      ]);
      advance(10 * MINUTE);
      await runDurableObjectAlarm(stub());
    }
    expect(await threadState("telegram:update:3")).toEqual({ turns: [], done: true });

    const rows = await env.DB.prepare(
      "SELECT id, source, thread_id, error, attempts FROM dead_letters WHERE tenant_id = ? AND message_key = ?",
    )
      .bind(tenant.tenantId, "telegram:update:3")
      .all<{ id: string; source: string; thread_id: string; error: string; attempts: number }>();
    expect(rows.results).toHaveLength(1);
    const row = rows.results[0]!;
    expect(row).toMatchObject({ source: "thread", thread_id: threadId(), attempts: MAX_TURN_ATTEMPTS });
    expect(row.error).toMatch(/./);
    reference = row.id;

    await outboxSettled();
    expect(sentTo(new RegExp(`^I could not process this message; reference ${reference}$`))).toHaveLength(1);
    const audits = await env.DB.prepare(
      "SELECT detail FROM audit_log WHERE tenant_id = ? AND action = 'message.dead_lettered' AND subject_id = ?",
    )
      .bind(tenant.tenantId, reference)
      .all<{ detail: string }>();
    expect(audits.results).toHaveLength(1);
    expect(JSON.parse(audits.results[0]!.detail)).toMatchObject({
      key: "telegram:update:3",
      error: row.error,
    });

    // Nothing more happens to it: no alarm left, and a redelivery is a duplicate.
    expect(await stub().receive(threadId(), message(3, "this one always crashes"))).toEqual({
      duplicate: true,
    });
    await outboxSettled();
    expect(sentTo(/I could not process this message/)).toHaveLength(1);
  });

  it("does not block the chat: the next message is answered", async () => {
    await breakAgent(false);
    const before = sentTo(/offline: no model is configured/).length;
    const next = await stub().receive(threadId(), message(4, "and now?"));
    expect(next.reply).toMatch(/offline: no model is configured/);
    await outboxSettled();
    expect(sentTo(/offline: no model is configured/)).toHaveLength(before + 1);
  });

  it("is listed by the API, for its tenant only", async () => {
    const list = await exports.default.fetch(api(tenant, "/dead-letters"));
    expect(list.status).toBe(200);
    const body = (await list.json()) as { deadLetters: Array<{ id: string; messageKey: string }> };
    expect(body.deadLetters.map((d) => d.id)).toContain(reference);

    const theirs = await exports.default.fetch(api(other, "/dead-letters"));
    expect(((await theirs.json()) as { deadLetters: unknown[] }).deadLetters).toEqual([]);
    expect((await exports.default.fetch(api(other, `/dead-letters/${reference}`))).status).toBe(404);
    const replayTheirs = await exports.default.fetch(
      api(other, `/dead-letters/${reference}/replay`, { method: "POST" }),
    );
    expect(replayTheirs.status).toBe(404);
    expect(
      (await exports.default.fetch(api(tenant, "/dead-letters/dl_nope/replay", { method: "POST" }))).status,
    ).toBe(404);
  });

  it("is replayed into its thread, where the alarm answers it once", async () => {
    const before = sentTo(/offline: no model is configured/).length;
    const replay = await exports.default.fetch(
      api(tenant, `/dead-letters/${reference}/replay`, { method: "POST" }),
    );
    expect(replay.status).toBe(202);
    const { replayed } = (await replay.json()) as { replayed: { id: string; dedupKey: string } };
    expect(replayed.id).toBe(reference);
    expect(await runDurableObjectAlarm(stub())).toBe(true);
    expect(await threadState(replayed.dedupKey)).toEqual({ turns: [], done: true });
    await outboxSettled();
    expect(sentTo(/offline: no model is configured/)).toHaveLength(before + 1);
    const row = await env.DB.prepare("SELECT replayed_at FROM dead_letters WHERE id = ?")
      .bind(reference)
      .first<{ replayed_at: number | null }>();
    expect(row?.replayed_at).toEqual(expect.any(Number));
  });
});

describe("ContextThread.replay", () => {
  it("refuses another tenant's message instead of throwing, and stores nothing", async () => {
    const answer = await stub().replay(threadId(), {
      ...message(9, "not yours"),
      tenantId: other.tenantId,
      channelId: other.channelId,
    });
    expect(answer).toEqual({ refused: expect.stringMatching(/does not belong to tenant resumeother/) });
    expect(await threadState("telegram:update:9")).toEqual({ turns: [], done: false });
  });
});

describe("the dead-letter queue's consumer", () => {
  it("keeps each body it receives in the tenant's dead-letter table, once per message", async () => {
    const acks: string[] = [];
    const body = {
      tenantId: tenant.tenantId,
      kind: "telegram.update",
      channelId: tenant.channelId,
      update: {},
    };
    const batch = {
      queue: "cairn-dead-letter",
      messages: [
        {
          id: "msg-dlq-1",
          timestamp: new Date(),
          body,
          attempts: 1,
          ack: () => acks.push("msg-dlq-1"),
          retry: () => {},
        },
      ],
      ackAll: () => {},
      retryAll: () => {},
    } as unknown as MessageBatch<unknown>;
    await handleDeadLetterBatch(batch, env);
    await handleDeadLetterBatch(batch, env);
    expect(acks).toEqual(["msg-dlq-1", "msg-dlq-1"]);
    const rows = await env.DB.prepare(
      "SELECT source, queue, body FROM dead_letters WHERE tenant_id = ? AND message_key = 'queue:msg-dlq-1'",
    )
      .bind(tenant.tenantId)
      .all<{ source: string; queue: string; body: string }>();
    expect(rows.results).toHaveLength(1);
    expect(rows.results[0]).toMatchObject({ source: "queue", queue: "cairn-dead-letter" });
    expect(JSON.parse(rows.results[0]!.body)).toEqual(body);
  });
});
