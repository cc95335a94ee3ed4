/**
 * Inbound queue consumer: validate, normalise, and hand each message to its ContextThread.
 * A message that fails is retried with backoff (the thread's dedup makes the retry safe);
 * a message that can never be valid is acknowledged and logged rather than retried forever.
 */
import { InboundQueueMessageSchema } from "../../channels/queue-messages";
import { normalizeTelegramUpdate } from "../../channels/telegram/normalize";
import { TelegramUpdateSchema } from "../../channels/telegram/update";
import { threadIdFor, threadStub } from "../../durable-objects/stubs";
import { log } from "../../kernel/log";

export function retryDelaySeconds(attempts: number): number {
  return Math.min(300, 2 ** Math.min(attempts, 8));
}

export async function handleInboundBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    const parsed = InboundQueueMessageSchema.safeParse(message.body);
    if (!parsed.success) {
      log("error", "inbound.invalid", { id: message.id, issue: parsed.error.issues[0]?.message });
      message.ack();
      continue;
    }
    const body = parsed.data;
    const update = TelegramUpdateSchema.safeParse(body.update);
    if (!update.success) {
      log("error", "inbound.invalid_update", {
        tenant: body.tenantId,
        issue: update.error.issues[0]?.message,
      });
      message.ack();
      continue;
    }
    const inbound = normalizeTelegramUpdate(body, update.data, body.receivedAt);
    if (!inbound) {
      message.ack();
      continue;
    }
    const threadId = threadIdFor(
      inbound.tenantId,
      inbound.platform,
      inbound.conversationId,
      inbound.threadKey,
    );
    try {
      await threadStub(env, threadId).receive(threadId, inbound);
      message.ack();
    } catch (error) {
      log("error", "inbound.failed", {
        tenant: inbound.tenantId,
        thread: threadId,
        attempts: message.attempts,
        error: String(error),
      });
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
  }
}
