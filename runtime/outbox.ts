/**
 * The one way Cairn sends: record the message in the outbox (idempotency key first), then hand
 * its id to the outbound queue. A repeated call with the same key finds the same row and does
 * not queue a second send of something already sent.
 */
import type { OutboundPayload } from "../channels/message";
import type { OutboundQueueMessage } from "../channels/queue-messages";
import type { Database } from "../db/client";
import { recordOutbound } from "../db/queries/outbox";
import type { IdSource } from "../kernel/ids";

export interface OutboundTarget {
  tenantId: string;
  channelId: string;
  threadId?: string;
}

export async function queueOutbound(
  env: Pick<Env, "OUTBOUND_QUEUE">,
  db: Database,
  ids: IdSource,
  target: OutboundTarget,
  idempotencyKey: string,
  payload: OutboundPayload,
  now: number,
): Promise<void> {
  const row = await recordOutbound(db, {
    id: ids.next("out"),
    tenantId: target.tenantId,
    channelId: target.channelId,
    threadId: target.threadId,
    idempotencyKey,
    payload,
    createdAt: now,
  });
  if (row.status !== "pending") return;
  const message: OutboundQueueMessage = { tenantId: target.tenantId, outboxId: row.id };
  await env.OUTBOUND_QUEUE.send(message, { contentType: "json" });
}
