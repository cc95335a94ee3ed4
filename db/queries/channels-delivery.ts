/** Delivery state the outbound consumer keeps beside the outbox: 429 pauses and split-message parts. */
import { and, eq, gt, inArray, sql } from "drizzle-orm";
import type { Database } from "../client";
import { channelSendPauses, outboxParts } from "../schema-channels";

/** The latest `until` among the given scopes that is still in the future, or null. */
export async function activePause(db: Database, tenantId: string, scopes: string[], now: number) {
  const rows = await db
    .select({ until: channelSendPauses.until })
    .from(channelSendPauses)
    .where(
      and(
        eq(channelSendPauses.tenantId, tenantId),
        inArray(channelSendPauses.scope, scopes),
        gt(channelSendPauses.until, now),
      ),
    );
  return rows.length === 0 ? null : Math.max(...rows.map((r) => r.until));
}

/** Extends a pause; never shortens one another send recorded. */
export async function pauseSends(db: Database, tenantId: string, scope: string, until: number) {
  await db
    .insert(channelSendPauses)
    .values({ tenantId, scope, until })
    .onConflictDoUpdate({
      target: [channelSendPauses.tenantId, channelSendPauses.scope],
      set: { until: sql`max(${channelSendPauses.until}, excluded.until)` },
    });
}

export async function deliveredParts(db: Database, tenantId: string, outboxId: string) {
  const rows = await db
    .select()
    .from(outboxParts)
    .where(and(eq(outboxParts.tenantId, tenantId), eq(outboxParts.outboxId, outboxId)));
  return new Map(rows.map((row) => [row.part, row.platformMessageId]));
}

export async function recordDeliveredPart(
  db: Database,
  row: { tenantId: string; outboxId: string; part: number; platformMessageId: string | null; sentAt: number },
) {
  await db.insert(outboxParts).values(row).onConflictDoNothing();
}
