/**
 * The inbound consumer's recovery paths, driven one batch at a time so every ack and retry is
 * seen (the pool's batch helper does not keep the delay): a message that can never be valid is
 * acknowledged and dropped, a message whose hand-off fails is retried with the backoff for its
 * attempt and nothing of it is kept, and the retry — and a duplicate redelivery after it — is
 * answered exactly once. Telegram is faked at the HTTP boundary.
 */
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { handleInboundBatch, retryDelaySeconds } from "../../workers/queues/inbound";
import { createFakeTelegram } from "./fake-telegram";
import { seedTenant, type TestTenant } from "./fixtures";
import { drainOutbox } from "./outbox-drain";
import { textUpdate } from "./telegram-updates";

let tenant: TestTenant;
let telegram: ReturnType<typeof createFakeTelegram>;

beforeAll(async () => {
  tenant = await seedTenant("inretry");
  telegram = createFakeTelegram(tenant.botToken);
  telegram.server.listen();
});
afterAll(async () => {
  await drainOutbox();
  telegram.server.close();
});

interface QueueRecord {
  acks: string[];
  retries: Array<{ id: string; delaySeconds: number | undefined }>;
}

/** One delivery of one queue message, as the runtime hands it over, recording ack and retry. */
async function deliverOnce(body: unknown, attempts: number, consumerEnv: Env = env) {
  const id = "msg_inbound_1";
  const record: QueueRecord = { acks: [], retries: [] };
  const message = {
    id,
    timestamp: new Date(),
    attempts,
    body,
    ack: () => record.acks.push(id),
    retry: (options?: QueueRetryOptions) => record.retries.push({ id, delaySeconds: options?.delaySeconds }),
  };
  const batch = {
    queue: "cairn-inbound",
    messages: [message],
    ackAll: () => record.acks.push("*all*"),
    retryAll: () => record.retries.push({ id: "*all*", delaySeconds: undefined }),
  } as unknown as MessageBatch<unknown>;
  await handleInboundBatch(batch, consumerEnv);
  return record;
}

/** The consumer's environment with D1 down: every statement it prepares throws. */
function withD1Down(): Env {
  const db = new Proxy(env.DB, {
    get(target, key, receiver) {
      if (key === "prepare" || key === "batch" || key === "exec")
        return () => {
          throw new Error("D1_ERROR: simulated outage");
        };
      return Reflect.get(target, key, receiver);
    },
  });
  return { ...env, DB: db };
}

const counts = async () => {
  const one = async (sql: string) =>
    (await env.DB.prepare(sql).bind(tenant.tenantId).first<{ n: number }>())?.n ?? -1;
  return {
    threads: await one("SELECT count(*) AS n FROM context_threads WHERE tenant_id = ?"),
    outbox: await one("SELECT count(*) AS n FROM outbox WHERE tenant_id = ?"),
  };
};

describe("the inbound consumer", () => {
  it("acknowledges a message that can never be valid instead of retrying it", async () => {
    const malformed = await deliverOnce({ kind: "telegram.update", tenantId: tenant.tenantId }, 1);
    expect(malformed).toEqual({ acks: ["msg_inbound_1"], retries: [] });
    const unknownPlatform = await deliverOnce(
      {
        kind: "pigeon.update",
        tenantId: tenant.tenantId,
        channelId: tenant.channelId,
        receivedAt: Date.now(),
      },
      1,
    );
    expect(unknownPlatform).toEqual({ acks: ["msg_inbound_1"], retries: [] });
    expect(await counts()).toEqual({ threads: 0, outbox: 0 });
  });

  it("retries a message whose hand-off failed with its attempt's backoff, then answers it once", async () => {
    const body = {
      kind: "telegram.update",
      tenantId: tenant.tenantId,
      channelId: tenant.channelId,
      receivedAt: Date.now(),
      update: textUpdate(7001, "/status"),
    };
    const failed = await deliverOnce(body, 3, withD1Down());
    expect(failed).toEqual({
      acks: [],
      retries: [{ id: "msg_inbound_1", delaySeconds: retryDelaySeconds(3) }],
    });
    expect(retryDelaySeconds(3)).toBe(8);
    expect(await counts()).toEqual({ threads: 0, outbox: 0 });
    expect(telegram.received).toEqual([]);

    const retried = await deliverOnce(body, 4);
    expect(retried).toEqual({ acks: ["msg_inbound_1"], retries: [] });
    await vi.waitFor(() => expect(telegram.sentMessages()).toHaveLength(1), {
      timeout: 15_000,
      interval: 100,
    });
    expect(telegram.sentMessages()[0]?.text).toMatch(/proposal\(s\) waiting for approval/);

    // The queue delivers at least once: the same message again is acknowledged and not answered.
    const duplicate = await deliverOnce(body, 5);
    expect(duplicate).toEqual({ acks: ["msg_inbound_1"], retries: [] });
    await drainOutbox();
    expect(await counts()).toEqual({ threads: 1, outbox: 1 });
    expect(telegram.sentMessages()).toHaveLength(1);
  });
});
