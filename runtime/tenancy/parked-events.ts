/**
 * A suspended tenant's webhooks are verified, admitted and acknowledged as usual, and what they
 * carried is parked in D1 instead of queued (workers/gateway/webhooks.ts). When the tenant is
 * active again its parked events are queued in arrival order, as if they had just arrived — by
 * the platform API's resume, and by the cron sweep for any left behind (an event parked by a
 * request that read the old status while the resume ran).
 */
import { InboundQueueMessageSchema } from "../../channels/queue-messages";
import type { Database } from "../../db/client";
import { deleteParked, oldestParked } from "../../db/queries/tenancy";
import { log } from "../../kernel/log";

/** Queue messages per send: Cloudflare Queues take at most 100 in one sendBatch. */
const BATCH = 100;

/**
 * Queues up to `max` of the tenant's parked events, oldest first, and deletes each batch once it
 * is queued (a crash in between queues that batch again: the thread's dedup key drops the repeat).
 * A parked event that no longer validates is logged and dropped. Returns how many were queued.
 */
export async function queueParkedEvents(
  db: Database,
  queue: Queue<unknown>,
  tenantId: string,
  max: number,
): Promise<number> {
  let queued = 0;
  while (queued < max) {
    const rows = await oldestParked(db, tenantId, Math.min(BATCH, max - queued));
    if (rows.length === 0) break;
    const messages = [];
    for (const row of rows) {
      const parsed = InboundQueueMessageSchema.safeParse(row.message);
      if (parsed.success) messages.push({ body: parsed.data, contentType: "json" as const });
      else
        log("error", "tenant.parked_invalid", {
          tenant: tenantId,
          seq: row.seq,
          issue: parsed.error.issues[0]?.message,
        });
    }
    if (messages.length > 0) await queue.sendBatch(messages);
    await deleteParked(
      db,
      tenantId,
      rows.map((row) => row.seq),
    );
    queued += messages.length;
    if (rows.length < BATCH) break;
  }
  return queued;
}
