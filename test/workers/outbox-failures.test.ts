/**
 * The outbound consumer's failure branches, driven one batch at a time so every ack and retry is
 * seen: a non-retryable 4xx fails the row for good on its first attempt; a 5xx backs off and
 * keeps the row pending; the last allowed attempt failing marks the row failed instead of
 * retrying again. Each is checked on the row, the audit log, the queue's ack/retry record and
 * the number of requests Telegram received. Telegram is faked at the HTTP boundary.
 */
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { database } from "../../db/client";
import { recordOutbound } from "../../db/queries/outbox";
import { retryDelaySeconds } from "../../workers/queues/inbound";
import { handleOutboundBatch, MAX_SEND_ATTEMPTS } from "../../workers/queues/outbound";
import { createFakeTelegram } from "./fake-telegram";
import { seedTenant, type TestTenant } from "./fixtures";

let tenant: TestTenant;
let telegram: ReturnType<typeof createFakeTelegram>;

beforeAll(async () => {
  tenant = await seedTenant("outfail");
  telegram = createFakeTelegram(tenant.botToken);
  telegram.server.listen();
});
afterAll(() => telegram.server.close());

interface Row {
  status: string;
  attempts: number;
  last_error: string | null;
  platform_message_id: string | null;
}

async function pendingRow(key: string, chat: string, attempts = 0): Promise<string> {
  const row = await recordOutbound(database(env.DB), {
    id: `out_${key}`,
    tenantId: tenant.tenantId,
    channelId: tenant.channelId,
    idempotencyKey: key,
    payload: { type: "message", conversationId: chat, text: `reply ${key}` },
    createdAt: Date.now(),
  });
  if (attempts > 0)
    await env.DB.prepare("UPDATE outbox SET attempts = ? WHERE id = ?").bind(attempts, row.id).run();
  return row.id;
}

interface QueueRecord {
  explicitAcks: string[];
  retryMessages: Array<{ msgId: string; delaySeconds?: number }>;
}

/**
 * One queue delivery of one row, shaped as the runtime hands it to the consumer, recording every
 * ack and retry with its delay (the pool's own batch helper does not keep the delay).
 */
async function deliverOnce(outboxId: string, queueAttempts: number) {
  // A redelivered queue message keeps its id; only its attempt count grows.
  const messageId = `msg_${outboxId}`;
  const result: QueueRecord = { explicitAcks: [], retryMessages: [] };
  const message = {
    id: messageId,
    timestamp: new Date(),
    attempts: queueAttempts,
    body: { tenantId: tenant.tenantId, outboxId },
    ack: () => result.explicitAcks.push(messageId),
    retry: (options?: QueueRetryOptions) =>
      result.retryMessages.push({
        msgId: messageId,
        ...(options?.delaySeconds ? { delaySeconds: options.delaySeconds } : {}),
      }),
  };
  const batch = {
    queue: "cairn-outbound",
    messages: [message],
    ackAll: () => result.explicitAcks.push("*all*"),
    retryAll: () => result.retryMessages.push({ msgId: "*all*" }),
  } as unknown as MessageBatch<unknown>;
  const before = telegram.requestsReceived();
  await handleOutboundBatch(batch, env);
  return { result, requests: telegram.requestsReceived() - before, messageId };
}

const row = (id: string) =>
  env.DB.prepare("SELECT status, attempts, last_error, platform_message_id FROM outbox WHERE id = ?")
    .bind(id)
    .first<Row>();

const failureAudits = (id: string) =>
  env.DB.prepare("SELECT action, detail FROM audit_log WHERE subject_id = ? AND action = 'outbox.failed'")
    .bind(id)
    .all<{ action: string; detail: string }>()
    .then(({ results }) => results.map((entry) => ({ ...entry, detail: JSON.parse(entry.detail) })));

describe("a send Telegram refuses for good", () => {
  it("fails the row on its first attempt, acknowledges the message and never retries", async () => {
    const id = await pendingRow("perm-403", "5001");
    telegram.failNext(403);
    const { result, requests, messageId } = await deliverOnce(id, 1);

    expect(requests).toBe(1);
    expect(result.explicitAcks).toEqual([messageId]);
    expect(result.retryMessages).toEqual([]);
    expect(await row(id)).toEqual({
      status: "failed",
      attempts: 1,
      last_error: expect.stringContaining("sendMessage failed"),
      platform_message_id: null,
    });
    expect(await failureAudits(id)).toEqual([
      {
        action: "outbox.failed",
        detail: { reason: expect.stringContaining("sendMessage failed"), attempts: 1 },
      },
    ]);
    expect(telegram.sentMessages()).toEqual([]);

    // The queue's own redelivery of the same message finds the row failed and sends nothing.
    const again = await deliverOnce(id, 2);
    expect(again.requests).toBe(0);
    expect(again.result.explicitAcks).toEqual([again.messageId]);
  });
});

describe("a send that fails with a 5xx", () => {
  it("keeps the row pending, counts the attempt and backs off by the attempt number", async () => {
    const id = await pendingRow("retry-500", "5002");
    telegram.failNext(500);
    const { result, requests, messageId } = await deliverOnce(id, 1);

    expect(requests).toBe(1);
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toEqual([{ msgId: messageId, delaySeconds: retryDelaySeconds(1) }]);
    expect(await row(id)).toEqual({
      status: "pending",
      attempts: 1,
      last_error: expect.stringContaining("sendMessage failed"),
      platform_message_id: null,
    });
    expect(await failureAudits(id)).toEqual([]);

    // The retry arrives within the chat's pace (one message a second): it spends no attempt,
    // books the next slot and hands the row to a new queue message, which the real outbound
    // queue delivers; that send succeeds, and the stored id is the one Telegram gave it.
    const retried = await deliverOnce(id, 2);
    expect(retried.requests).toBe(0);
    expect(retried.result).toEqual({ explicitAcks: [retried.messageId], retryMessages: [] });
    await vi.waitFor(async () => expect((await row(id))?.status).toBe("sent"), {
      timeout: 10_000,
      interval: 100,
    });
    const sent = telegram.calls.filter((call) => call.method === "sendMessage");
    expect(sent.map((call) => call.body.chat_id)).toEqual(["5002"]);
    // `attempts` counts the tries that failed; a success leaves it as it was.
    expect(await row(id)).toMatchObject({
      status: "sent",
      attempts: 1,
      platform_message_id: String(sent[0]?.messageId),
    });
  });

  it("fails the row when the last allowed attempt fails, instead of retrying again", async () => {
    const id = await pendingRow("exhausted-502", "5003", MAX_SEND_ATTEMPTS - 1);
    telegram.failNext(502);
    const { result, requests, messageId } = await deliverOnce(id, MAX_SEND_ATTEMPTS);

    expect(requests).toBe(1);
    expect(result.explicitAcks).toEqual([messageId]);
    expect(result.retryMessages).toEqual([]);
    expect(await row(id)).toEqual({
      status: "failed",
      attempts: MAX_SEND_ATTEMPTS,
      last_error: expect.stringContaining("sendMessage failed"),
      platform_message_id: null,
    });
    expect(await failureAudits(id)).toEqual([
      {
        action: "outbox.failed",
        detail: { reason: expect.stringContaining("sendMessage failed"), attempts: MAX_SEND_ATTEMPTS },
      },
    ]);
  });

  it("still retries on the attempt before the last", async () => {
    const id = await pendingRow("second-last-503", "5004", MAX_SEND_ATTEMPTS - 2);
    telegram.failNext(503);
    const { result, messageId } = await deliverOnce(id, MAX_SEND_ATTEMPTS - 1);
    expect(result.retryMessages).toEqual([
      { msgId: messageId, delaySeconds: retryDelaySeconds(MAX_SEND_ATTEMPTS - 1) },
    ]);
    expect(await row(id)).toMatchObject({ status: "pending", attempts: MAX_SEND_ATTEMPTS - 1 });
  });
});
