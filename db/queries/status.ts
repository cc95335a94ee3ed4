/**
 * What `GET /api/status` counts for one tenant: proposals by status, the outbox's backlog, dead
 * letters nobody has replayed yet. Counts only, each one indexed query, so the operator's glance
 * costs a few rows read whatever the tenant's size.
 */
import { and, count, eq, isNull, min, sql } from "drizzle-orm";
import type { Database } from "../client";
import { deadLetters, outbox, proposals } from "../schema";

export interface StatusCounts {
  proposals: Record<string, number>;
  outbox: { pending: number; failed: number; oldestPendingAt: number | null };
  deadLetters: { open: number; oldestAt: number | null };
}

export async function statusCounts(db: Database, tenantId: string): Promise<StatusCounts> {
  const [proposalRows, outboxRows, [dead]] = await Promise.all([
    db
      .select({ status: proposals.status, n: count() })
      .from(proposals)
      .where(eq(proposals.tenantId, tenantId))
      .groupBy(proposals.status),
    db
      .select({ status: outbox.status, n: count(), oldest: min(outbox.createdAt) })
      .from(outbox)
      .where(and(eq(outbox.tenantId, tenantId), sql`${outbox.status} in ('pending', 'failed')`))
      .groupBy(outbox.status),
    db
      .select({ n: count(), oldest: min(deadLetters.createdAt) })
      .from(deadLetters)
      .where(and(eq(deadLetters.tenantId, tenantId), isNull(deadLetters.replayedAt))),
  ]);
  const pending = outboxRows.find((row) => row.status === "pending");
  return {
    proposals: Object.fromEntries(proposalRows.map((row) => [row.status, row.n])),
    outbox: {
      pending: pending?.n ?? 0,
      failed: outboxRows.find((row) => row.status === "failed")?.n ?? 0,
      oldestPendingAt: pending?.oldest ?? null,
    },
    deadLetters: { open: dead?.n ?? 0, oldestAt: dead?.oldest ?? null },
  };
}
