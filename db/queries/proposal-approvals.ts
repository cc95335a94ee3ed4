/** The tenant's approver list and the votes on proposals (n-of-m approvals). */
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../client";
import { approvers, proposalApprovals } from "../schema-proposals";

export type ApproverRow = typeof approvers.$inferSelect;

export async function addApprover(db: Database, row: typeof approvers.$inferInsert) {
  await db.insert(approvers).values(row).onConflictDoNothing();
}

export async function listApprovers(db: Database, tenantId: string) {
  return db.select().from(approvers).where(eq(approvers.tenantId, tenantId));
}

export async function isListedApprover(db: Database, tenantId: string, platform: string, userId: string) {
  const [row] = await db
    .select({ id: approvers.id })
    .from(approvers)
    .where(
      and(eq(approvers.tenantId, tenantId), eq(approvers.platform, platform), eq(approvers.userId, userId)),
    )
    .limit(1);
  return row !== undefined;
}

/**
 * Records one approver's vote (a repeat by the same approver changes nothing) and returns how
 * many distinct approvers have approved so far.
 */
export async function recordVote(
  db: Database,
  vote: typeof proposalApprovals.$inferInsert,
): Promise<{ approvals: number; alreadyVoted: boolean }> {
  const inserted = await db.insert(proposalApprovals).values(vote).onConflictDoNothing().returning();
  const [count] = await db
    .select({ n: sql<number>`count(*)` })
    .from(proposalApprovals)
    .where(
      and(
        eq(proposalApprovals.tenantId, vote.tenantId),
        eq(proposalApprovals.proposalId, vote.proposalId),
        eq(proposalApprovals.verdict, "approve"),
      ),
    );
  return { approvals: count?.n ?? 0, alreadyVoted: inserted.length === 0 };
}

export async function listVotes(db: Database, tenantId: string, proposalId: string) {
  return db
    .select()
    .from(proposalApprovals)
    .where(and(eq(proposalApprovals.tenantId, tenantId), eq(proposalApprovals.proposalId, proposalId)))
    .orderBy(proposalApprovals.at);
}

export async function removeApprover(db: Database, tenantId: string, id: string) {
  const removed = await db
    .delete(approvers)
    .where(and(eq(approvers.tenantId, tenantId), eq(approvers.id, id)))
    .returning({ id: approvers.id });
  return removed.length > 0;
}
