/**
 * Inbound queue consumer: validate, normalise, and hand each message to its ContextThread.
 * Once the thread has stored a message it answers normally and its own alarm finishes the turn
 * (runtime/threads/turn-resumption.ts), so this consumer acks it; what fails before that (thread
 * resolution, D1) is retried with backoff, then goes to cairn-dead-letter, whose consumer keeps it
 * in D1 `dead_letters`. A message that can never be valid is acknowledged and logged rather than
 * retried forever.
 */
import type { InboundMessage } from "../../channels/message";
import { type InboundQueueMessage, InboundQueueMessageSchema } from "../../channels/queue-messages";
import { adapterForEventKind } from "../../channels/registry";
import { database } from "../../db/client";
import { threadIdFor, threadStub } from "../../durable-objects/stubs";
import { log } from "../../kernel/log";
import { resolveInboundThread } from "../../runtime/threads/thread-resolution";

export function retryDelaySeconds(attempts: number): number {
  return Math.min(300, 2 ** Math.min(attempts, 8));
}

type Normalized = { ok: true; inbound: InboundMessage | null } | { ok: false; issue: string };

/** One queue body → the common message (by its platform's adapter), or null when nothing to act on. */
export function normalizeQueued(body: InboundQueueMessage): Normalized {
  const adapter = adapterForEventKind(body.kind);
  if (!adapter) return { ok: false, issue: `no channel adapter for ${body.kind}` };
  return adapter.normalize(body, { tenantId: body.tenantId, channelId: body.channelId }, body.receivedAt);
}

/**
 * Messages of different chats run concurrently; messages of one chat run in arrival order, so
 * thread resolution of a reply sees the message it replies to, and a conversation keeps its order.
 */
export async function handleInboundBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const byChat = new Map<string, Array<{ message: Message<unknown>; inbound: InboundMessage }>>();
  for (const message of batch.messages) {
    const parsed = InboundQueueMessageSchema.safeParse(message.body);
    if (!parsed.success) {
      log("error", "inbound.invalid", { id: message.id, issue: parsed.error.issues[0]?.message });
      message.ack();
      continue;
    }
    const body = parsed.data;
    const normalized = normalizeQueued(body);
    if (!normalized.ok) {
      log("error", "inbound.invalid_update", {
        tenant: body.tenantId,
        kind: body.kind,
        issue: normalized.issue,
      });
      message.ack();
      continue;
    }
    const inbound = normalized.inbound;
    if (!inbound) {
      message.ack();
      continue;
    }
    const chat = `${inbound.tenantId}:${inbound.platform}:${inbound.conversationId}`;
    const queue = byChat.get(chat) ?? [];
    queue.push({ message, inbound });
    byChat.set(chat, queue);
  }
  await Promise.all(
    [...byChat.values()].map(async (items) => {
      for (const { message, inbound } of items) {
        // The chat's own thread until resolution says otherwise (and the name logged if resolution fails).
        let threadId = threadIdFor(
          inbound.tenantId,
          inbound.platform,
          inbound.conversationId,
          inbound.threadKey,
        );
        try {
          threadId = (await resolveInboundThread(database(env.DB), inbound, Date.now())).threadId;
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
    }),
  );
}
