import { env } from "cloudflare:workers";
import { threadIdFor, threadStub } from "../../durable-objects/stubs";
import type { TestTenant } from "./fixtures";

/** One chat message from the tenant's approver, handed straight to its thread (no webhook, no queue). */
export async function threadTurn(tenant: TestTenant, updateId: number, text: string, conversationId = "42") {
  const threadId = threadIdFor(tenant.tenantId, "telegram", conversationId);
  return threadStub(env, threadId).receive(threadId, {
    tenantId: tenant.tenantId,
    channelId: tenant.channelId,
    platform: "telegram",
    conversationId,
    sender: { id: tenant.approverId, name: "Ada", isBot: false },
    text,
    platformMessageId: String(updateId),
    dedupKey: `telegram:update:${updateId}`,
    receivedAt: Date.now(),
  });
}
