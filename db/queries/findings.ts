import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../client";
import { findings } from "../schema-tasks";

export type FindingRow = typeof findings.$inferSelect;

/** Keyed by (cycle, finding): a resumed cycle records each finding once. */
export async function recordFinding(db: Database, row: FindingRow): Promise<void> {
  await db.insert(findings).values(row).onConflictDoNothing();
}

export async function setFindingTask(db: Database, tenantId: string, findingId: string, taskId: string) {
  await db
    .update(findings)
    .set({ taskId })
    .where(and(eq(findings.tenantId, tenantId), eq(findings.id, findingId)));
}

export async function listFindings(
  db: Database,
  tenantId: string,
  filter: { verdict?: FindingRow["verdict"] | undefined; agentId?: string | undefined; limit: number },
) {
  const where = [eq(findings.tenantId, tenantId)];
  if (filter.verdict) where.push(eq(findings.verdict, filter.verdict));
  if (filter.agentId) where.push(eq(findings.agentId, filter.agentId));
  return db
    .select()
    .from(findings)
    .where(and(...where))
    .orderBy(desc(findings.at))
    .limit(filter.limit);
}
