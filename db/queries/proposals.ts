import { and, desc, eq, gte, inArray, ne, type SQL, sql } from "drizzle-orm";
import type { Database } from "../client";
import { auditLog, type PROPOSAL_MODES, proposals, type StoredProposalStatus } from "../schema";
import type { AuditChain } from "./audit";

export type ProposalRow = typeof proposals.$inferSelect;
export type NewProposalRow = typeof proposals.$inferInsert;
export type StoredProposalMode = (typeof PROPOSAL_MODES)[number];

/** Inserts once: the id is derived from the turn that asked, so a retried turn finds its own row. */
export async function createProposal(db: Database, proposal: NewProposalRow): Promise<ProposalRow> {
  await db
    .insert(proposals)
    .values({ idempotencyKey: `exec_${proposal.id}`, ...proposal })
    .onConflictDoNothing();
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

export interface ProposalFilter {
  status?: StoredProposalStatus | undefined;
  mode?: StoredProposalMode | undefined;
  agentId?: string | undefined;
  tool?: string | undefined;
  threadId?: string | undefined;
  limit: number;
}

export async function listProposals(db: Database, tenantId: string, filter: ProposalFilter) {
  const where: SQL[] = [eq(proposals.tenantId, tenantId)];
  if (filter.status) where.push(eq(proposals.status, filter.status));
  if (filter.mode) where.push(eq(proposals.mode, filter.mode));
  if (filter.agentId) where.push(eq(proposals.agentId, filter.agentId));
  if (filter.tool) where.push(eq(proposals.tool, filter.tool));
  if (filter.threadId) where.push(eq(proposals.threadId, filter.threadId));
  return db
    .select()
    .from(proposals)
    .where(and(...where))
    .orderBy(desc(proposals.createdAt))
    .limit(filter.limit);
}

/**
 * Proposals decided, run, undone or expired since `since`, the latest change first: what the
 * dashboard shows under the inbox, so an approval can be followed to its execution.
 */
export async function listRecentlyChanged(db: Database, tenantId: string, since: number, limit: number) {
  const changedAt = sql<number>`coalesce(${proposals.updatedAt}, ${proposals.decidedAt}, ${proposals.createdAt})`;
  return db
    .select()
    .from(proposals)
    .where(and(eq(proposals.tenantId, tenantId), ne(proposals.status, "pending"), gte(changedAt, since)))
    .orderBy(desc(changedAt))
    .limit(limit);
}

/** Every audit entry about one proposal, oldest first: its trail. */
export async function proposalAuditTrail(db: Database, tenantId: string, proposalId: string) {
  return (
    db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.tenantId, tenantId),
          eq(auditLog.subjectType, "proposal"),
          eq(auditLog.subjectId, proposalId),
        ),
      )
      // Entries of one moment keep the order they were written in.
      .orderBy(auditLog.at, sql`rowid`)
  );
}

export type TransitionFields = Partial<
  Pick<
    ProposalRow,
    | "decidedBy"
    | "decidedAt"
    | "executedAt"
    | "result"
    | "windowEndsAt"
    | "holdUntil"
    | "inverse"
    | "approvalsReceived"
    | "chatRef"
  >
>;

export interface TransitionAudit {
  id: string;
  actor: string;
  reason: string;
  at: number;
  detail?: Record<string, unknown>;
  /** The writer's audit chain: the entry is sealed into it once the move happened. */
  chain: AuditChain;
}

/**
 * Moves a proposal from one of `from` to `to` in a single conditional UPDATE on status and
 * version, and writes the audit entry in the same batch (a D1 batch is one transaction). The
 * audit row is inserted from the updated row itself, so it exists exactly when the move
 * happened: `changes()` is the preceding UPDATE's count in the same transaction, so a loser of a
 * race never writes an entry for the winner's move. Of two racing callers exactly one gets the
 * row back; the other gets null.
 */
export async function transitionProposal(
  db: Database,
  tenantId: string,
  id: string,
  from: readonly StoredProposalStatus[],
  to: StoredProposalStatus,
  audit: TransitionAudit,
  fields: TransitionFields = {},
): Promise<ProposalRow | null> {
  const current = await getProposal(db, tenantId, id);
  if (!current || !from.includes(current.status)) return null;
  const detail = JSON.stringify({ from: current.status, reason: audit.reason, ...audit.detail });
  const [updated, inserted] = await db.batch([
    db
      .update(proposals)
      .set({
        ...fields,
        status: to,
        statusReason: audit.reason,
        updatedAt: audit.at,
        version: current.version + 1,
      })
      .where(
        and(
          eq(proposals.tenantId, tenantId),
          eq(proposals.id, id),
          inArray(proposals.status, [...from]),
          eq(proposals.version, current.version),
        ),
      )
      .returning(),
    db
      .insert(auditLog)
      .select(
        sql`SELECT ${audit.id}, tenant_id, ${audit.at}, ${audit.actor}, ${`proposal.${to}`}, 'proposal', id, thread_id, agent_id, ${detail},
            NULL, NULL, NULL, NULL
            FROM proposals WHERE tenant_id = ${tenantId} AND id = ${id} AND version = ${current.version + 1} AND status = ${to}
            AND changes() = 1`,
      )
      .onConflictDoNothing(),
  ]);
  void inserted;
  // The move happened and its entry is written; a seal that fails (the chain logs it) must not
  // make the caller think otherwise. Verification then names the row as never sealed.
  if (updated[0]) await audit.chain.seal([audit.id]).catch(() => undefined);
  return updated[0] ?? null;
}

/** Plain field updates that are not transitions (e.g. discarding the undo when the window closes). */
export async function updateProposalFields(
  db: Database,
  tenantId: string,
  id: string,
  expectedStatus: StoredProposalStatus,
  fields: TransitionFields,
): Promise<ProposalRow | null> {
  const [row] = await db
    .update(proposals)
    .set({ ...fields, version: sql`${proposals.version} + 1` })
    .where(and(eq(proposals.tenantId, tenantId), eq(proposals.id, id), eq(proposals.status, expectedStatus)))
    .returning();
  return row ?? null;
}
