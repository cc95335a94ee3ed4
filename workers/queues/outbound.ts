/**
 * Outbound queue consumer: deliver one outbox row to its platform. A row already sent is
 * acknowledged without sending (the outbox, not the queue, is the source of truth). Rate limits
 * are honoured per bot and per chat, before and after the fact:
 * - pacing: before each send the tenant's coordinator grants a slot under the platform's
 *   documented limits (channels/pacing.ts) and leases the row to this queue message; a send
 *   that does not fit now gets the first free slot booked and is put back on the queue for it;
 * - a 429 records a pause for the scope the adapter names (a chat, a workspace's bot) for as
 *   long as the platform said; the row that got it, then every later send to that scope, books
 *   a slot after the pause, so they go out in the order they met it.
 * Waiting spends no attempt. 5xx and network errors back off; other 4xx fail for good.
 */
import type { OutboundRoute } from "../../channels/adapter";
import { deliverPayload, partsOf } from "../../channels/deliver";
import { type OutboundPayload, payloadConversation } from "../../channels/message";
import { type OutboundQueueMessage, OutboundQueueMessageSchema } from "../../channels/queue-messages";
import { channelAdapter, connectedChannel } from "../../channels/registry";
import { ChannelSendError } from "../../channels/send-error";
import { type Database, database } from "../../db/client";
import { insertAuditEntries } from "../../db/queries/audit";
import { getChannel } from "../../db/queries/channels";
import {
  activePause,
  deliveredParts,
  pauseSends,
  recordDeliveredPart,
} from "../../db/queries/channels-delivery";
import {
  getOutbound,
  markOutboundAttempt,
  markOutboundFailed,
  markOutboundSent,
  type OutboxRow,
} from "../../db/queries/outbox";
import { tenantStub } from "../../durable-objects/stubs";
import { auditWriter } from "../../kernel/audit/chain";
import { log } from "../../kernel/log";
import { auditChain } from "../../runtime/audit-chain";
import { channelPorts } from "../../runtime/channels/channel-ports";
import { retryDelaySeconds } from "./inbound";

/** After this many attempts a row is marked failed (the queue's own max_retries is the backstop). */
export const MAX_SEND_ATTEMPTS = 8;
/** Cloudflare Queues accept a delay of at most 12 hours. */
const MAX_DELAY_SECONDS = 43_200;

/** One queue message and its row; `holder` names the delivery chain that may hold the row's lease. */
interface Delivery {
  message: Message<unknown>;
  row: OutboxRow;
  holder: string;
}

/**
 * What became of one row, and whether the conversation's later rows in the batch must wait behind
 * it (`waited`: it is backing off after a failure, and comes back in `delaySeconds`).
 */
type Outcome = { waited: false } | { waited: true; delaySeconds: number };

/**
 * Puts the row back on the queue for later. Waiting is not a failure, so it is a fresh queue
 * message rather than `retry()`: retries count toward the queue's max_retries, and a row that
 * only waited would end in the dead-letter queue. Should the ack be lost and both copies arrive,
 * the row's status and the pacer's lease still let only one of them send.
 */
async function requeueLater(env: Env, item: Delivery, delaySeconds: number) {
  const { message, row, holder } = item;
  const body: OutboundQueueMessage = { tenantId: row.tenantId, outboxId: row.id, holder };
  await env.OUTBOUND_QUEUE.send(body, {
    contentType: "json",
    delaySeconds: Math.min(MAX_DELAY_SECONDS, Math.max(1, Math.ceil(delaySeconds))),
  });
  message.ack();
}

async function deliverRow(db: Database, env: Env, item: Delivery, attempts: number): Promise<Outcome> {
  const { row, message, holder } = item;
  const { tenantId, id: outboxId } = row;
  const stored = await getChannel(db, tenantId, row.channelId);
  if (!stored) throw new ChannelSendError(`channel ${row.channelId} is gone`, 410, undefined);
  const channel = connectedChannel(stored);
  const payload = row.payload as OutboundPayload;
  const adapter = channelAdapter(channel.platform);
  if (!adapter) throw new ChannelSendError(`no channel adapter for ${channel.platform}`, 410, undefined);
  const route: OutboundRoute = await adapter.route(channel, payload, channelPorts(env, tenantId));
  const now = Date.now();
  const cost = partsOf(payload, route.sender.limit).length;
  const pace = (at: number, notBefore?: number) =>
    tenantStub(env, tenantId).paceSend(
      tenantId,
      { outboxId, holder, rules: route.pace, cost, ...(notBefore ? { notBefore } : {}) },
      at,
    );
  const pausedUntil = await activePause(db, tenantId, route.scopes, now);
  if (pausedUntil) {
    // Not an attempt: the platform asked us to wait, so nothing was tried. Booking the first slot
    // after the pause keeps the chat's rows in the order they reach it.
    const booked = await pace(now, pausedUntil);
    if ("refused" in booked) throw new Error(`send pacer refused: ${booked.refused}`);
    const waitMs = booked.allowed ? pausedUntil - now : booked.retryAfterMs;
    await requeueLater(env, item, Math.ceil(waitMs / 1000));
    return { waited: false };
  }
  const granted = await pace(now);
  if ("refused" in granted) throw new Error(`send pacer refused: ${granted.refused}`);
  if (!granted.allowed) {
    const delaySeconds = Math.ceil(granted.retryAfterMs / 1000);
    log("info", "outbound.paced", {
      tenant: tenantId,
      outbox: outboxId,
      reason: granted.reason,
      scope: granted.scope,
      delay: delaySeconds,
    });
    await requeueLater(env, item, delaySeconds);
    // The slot is booked: the chat's later rows book theirs behind it rather than being held.
    return { waited: false };
  }
  try {
    const platformId = await deliverPayload(
      route.sender,
      payload,
      {
        delivered: () => deliveredParts(db, tenantId, outboxId),
        record: (part, id) =>
          recordDeliveredPart(db, { tenantId, outboxId, part, platformMessageId: id, sentAt: Date.now() }),
      },
      outboxId,
    );
    await markOutboundSent(db, tenantId, outboxId, platformId ?? null, Date.now());
    log("info", "outbound.sent", {
      tenant: tenantId,
      thread: row.threadId ?? undefined,
      outbox: outboxId,
      attempts,
    });
    message.ack();
    return { waited: false };
  } catch (error) {
    if (error instanceof ChannelSendError && error.status === 429) {
      const seconds = error.retryAfterSeconds ?? 1;
      const until = Date.now() + seconds * 1000;
      await pauseSends(db, tenantId, route.limitedScope, until);
      // First in line after the pause: the rows queued behind it book their slots after this one.
      await pace(Date.now(), until).catch(() => undefined);
    }
    throw error;
  }
}

/**
 * Rows for different conversations are delivered concurrently; rows for one conversation in
 * batch order, so a chat sees its messages in the order they were queued. A row that waits for
 * a pacing slot or a 429 pause has booked its slot, and the rows after it book theirs behind it.
 * A row backing off after another failure holds back the rows after it, each put back a second
 * later than the one before, so none overtakes it.
 */
export async function handleOutboundBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = database(env.DB);
  const byConversation = new Map<string, Delivery[]>();
  for (const message of batch.messages) {
    const parsed = OutboundQueueMessageSchema.safeParse(message.body);
    if (!parsed.success) {
      log("error", "outbound.invalid", { id: message.id });
      message.ack();
      continue;
    }
    const row = await getOutbound(db, parsed.data.tenantId, parsed.data.outboxId);
    if (row?.status !== "pending") {
      message.ack();
      continue;
    }
    const key = `${row.tenantId}:${row.channelId}:${payloadConversation(row.payload as OutboundPayload) ?? row.id}`;
    const queue = byConversation.get(key) ?? [];
    queue.push({ message, row, holder: parsed.data.holder ?? message.id });
    byConversation.set(key, queue);
  }
  await Promise.all(
    [...byConversation.values()].map(async (items) => {
      let heldFor: number | undefined;
      for (const item of items) {
        if (heldFor !== undefined) {
          heldFor += 1;
          await requeueLater(env, item, heldFor);
          continue;
        }
        const outcome = await deliverOne(db, env, item);
        if (outcome.waited) heldFor = outcome.delaySeconds;
      }
    }),
  );
}

async function deliverOne(db: Database, env: Env, item: Delivery): Promise<Outcome> {
  const { message, row } = item;
  const { tenantId, id: outboxId } = row;
  const attempts = row.attempts + 1;
  try {
    return await deliverRow(db, env, item, attempts);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const known = error instanceof ChannelSendError;
    const retryable = known ? error.retryable : true;
    if (!retryable || attempts >= MAX_SEND_ATTEMPTS) {
      await markOutboundFailed(db, tenantId, outboxId, attempts, reason);
      await insertAuditEntries(
        db,
        [
          {
            id: `aud_outbox_failed_${outboxId}`,
            tenantId,
            at: Date.now(),
            actor: "system",
            action: "outbox.failed",
            subjectType: "outbox",
            subjectId: outboxId,
            threadId: row.threadId,
            detail: { reason, attempts },
          },
        ],
        auditChain(env, tenantId, auditWriter.outbound),
      );
      log("error", "outbound.failed", { tenant: tenantId, outbox: outboxId, attempts, error: reason });
      message.ack();
      return { waited: false };
    }
    await markOutboundAttempt(db, tenantId, outboxId, attempts, reason);
    const wait = known && error.retryAfterSeconds ? error.retryAfterSeconds : retryDelaySeconds(attempts);
    log("warn", "outbound.retry", {
      tenant: tenantId,
      outbox: outboxId,
      attempts,
      delay: wait,
      error: reason,
    });
    message.retry({ delaySeconds: wait });
    // After a 429 the later rows meet the pause and book behind this row; after another failure
    // they wait behind it here, so they do not overtake it.
    return known && error.status === 429 ? { waited: false } : { waited: true, delaySeconds: wait };
  }
}
