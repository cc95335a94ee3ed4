import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../client";
import { findings } from "../schema-tasks";

export type FindingRow = typeof findings.$inferSelect;

/** Keyed by (cycle, finding): a resumed cycle records each finding once. */
export async function recordFindings(db: Database, rows: FindingRow[]): Promise<void> {
  // D1 caps bound parameters per statement: 13 columns × 7 rows stays under it.
  for (let i = 0; i < rows.length; i += 7) {
    await db
      .insert(findings)
      .values(rows.slice(i, i + 7))
      .onConflictDoNothing();
  }
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
