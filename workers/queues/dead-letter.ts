/**
 * The dead-letter queue's consumer: whatever the inbound or outbound consumer gave up on is kept
 * in D1 `dead_letters` (source "queue"), where `cairn dlq list` shows it and `replay` sends it
 * back. A body without a tenant is logged and kept under tenant "unknown", never dropped silently.
 */
import { database } from "../../db/client";
import { recordDeadLetter } from "../../db/queries/dead-letters";
import { systemClock } from "../../kernel/clock";
import { createIdSource } from "../../kernel/ids";
import { log } from "../../kernel/log";

const ids = createIdSource(systemClock);

export async function handleDeadLetterBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = database(env.DB);
  for (const message of batch.messages) {
    const body = message.body as { tenantId?: unknown } | null;
    const tenantId = typeof body?.tenantId === "string" ? body.tenantId : "unknown";
    const row = await recordDeadLetter(db, {
      id: ids.next("dl"),
      tenantId,
      source: "queue",
      messageKey: `queue:${message.id}`,
      threadId: null,
      queue: batch.queue,
      body: message.body ?? null,
      error: `dead-lettered by the queue after ${message.attempts} deliveries of this copy`,
      attempts: message.attempts,
      createdAt: Date.now(),
    });
    log("error", "dead_letter.recorded", { tenant: tenantId, id: row.id, queue: batch.queue });
    message.ack();
  }
}
