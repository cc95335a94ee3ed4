/**
 * A stranded turn reaches the dead-letter table even when its thread's channel is gone: the
 * alarm used to load the channel before running any timer, so it threw first and the turn waited
 * on the platform's alarm retries forever. Now only the timers that speak on the channel need it.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { ContextThread } from "../../durable-objects/context-thread/context-thread";
import { threadIdFor, threadStub } from "../../durable-objects/stubs";
import { MAX_TURN_ATTEMPTS } from "../../runtime/threads/turn-resumption";
import { seedTenant, type TestTenant } from "./fixtures";

let tenant: TestTenant;
const CHAT = "5151";
const threadId = () => threadIdFor(tenant.tenantId, "telegram", CHAT);

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(Date.now() + 365 * 24 * 3_600_000);
  tenant = await seedTenant("gonechannel");
});
afterAll(() => vi.useRealTimers());

it("dead-letters a stranded turn whose channel is gone instead of throwing from the alarm", async () => {
  const stub = threadStub(env, threadId());
  // The first attempt fails: the message names a channel the tenant does not have.
  const first = await stub.receive(threadId(), {
    tenantId: tenant.tenantId,
    channelId: "ch_gonechannel_removed",
    platform: "telegram",
    conversationId: CHAT,
    sender: { id: tenant.approverId, name: "Ada", isBot: false },
    text: "hello",
    platformMessageId: "1",
    dedupKey: "telegram:update:gone-1",
    receivedAt: Date.now(),
  });
  expect(first).toEqual({ duplicate: false });
  for (let attempt = 2; attempt <= MAX_TURN_ATTEMPTS + 1; attempt++) {
    vi.setSystemTime(Date.now() + 10 * 60_000);
    await runDurableObjectAlarm(stub);
  }
  const letters = await env.DB.prepare(
    "SELECT message_key, source, attempts FROM dead_letters WHERE tenant_id = ?",
  )
    .bind(tenant.tenantId)
    .all();
  expect(letters.results).toEqual([
    { message_key: "telegram:update:gone-1", source: "thread", attempts: MAX_TURN_ATTEMPTS },
  ]);
  const done = await runInDurableObject(
    stub,
    async (_instance: ContextThread, state) =>
      state.storage.sql
        .exec<{ turn_done: number }>(
          "SELECT turn_done FROM messages WHERE dedup_key = ?",
          "telegram:update:gone-1",
        )
        .toArray()[0]?.turn_done,
  );
  expect(done).toBe(1);
});
