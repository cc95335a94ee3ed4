import { and, desc, eq, inArray } from "drizzle-orm";
import type { Database } from "../client";
import { type ProposalStatus, proposals } from "../schema";

export type ProposalRow = typeof proposals.$inferSelect;
export type NewProposal = typeof proposals.$inferInsert;

/** Inserts once: the id is derived from the turn that asked, so a retried turn finds its own row. */
export async function createProposal(db: Database, proposal: NewProposal): Promise<ProposalRow> {
  await db.insert(proposals).values(proposal).onConflictDoNothing();
  const row = await getProposal(db, proposal.tenantId, proposal.id);
  if (!row) throw new Error(`proposal ${proposal.id} vanished after insert`);
  return row;
}

export async function getProposal(db: Database, tenantId: string, id: string) {
  const [row] = await db
    .select()
    .from(proposals)
    .where(and(eq(proposals.tenantId, tenantId), eq(proposals.id, id)))
    .limit(1);
  return row ?? null;
}

export async function listProposals(
  db: Database,
  tenantId: string,
  filter: { status?: ProposalStatus | undefined; limit: number },
) {
  const where = filter.status
    ? and(eq(proposals.tenantId, tenantId), eq(proposals.status, filter.status))
    : eq(proposals.tenantId, tenantId);
  return db.select().from(proposals).where(where).orderBy(desc(proposals.createdAt)).limit(filter.limit);
}

/**
 * Moves a proposal from one of `from` to `to` in a single conditional UPDATE. Exactly one of
 * two racing callers gets the row back; the other gets null and must re-read.
 */
export async function transitionProposal(
  db: Database,
  tenantId: string,
  id: string,
  from: ProposalStatus[],
  to: ProposalStatus,
  fields: Partial<Pick<ProposalRow, "decidedBy" | "decidedAt" | "executedAt" | "result">> = {},
): Promise<ProposalRow | null> {
  const current = await getProposal(db, tenantId, id);
  if (!current || !from.includes(current.status)) return null;
  const [row] = await db
    .update(proposals)
    .set({ ...fields, status: to, version: current.version + 1 })
    .where(
      and(
        eq(proposals.tenantId, tenantId),
        eq(proposals.id, id),
        inArray(proposals.status, from),
        eq(proposals.version, current.version),
      ),
    )
    .returning();
  return row ?? null;
}
