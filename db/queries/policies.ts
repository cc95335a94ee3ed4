import { and, desc, eq, inArray, max } from "drizzle-orm";
import type { Database } from "../client";
import { policyVersions } from "../schema-policies";

export type PolicyVersionRow = typeof policyVersions.$inferSelect;

export const TENANT_SCOPE = "tenant";
export const agentScope = (agentId: string) => `agent:${agentId}`;

/** The newest version of each of the given scopes (a scope never edited has no row). */
export async function latestPolicyVersions(
  db: Database,
  tenantId: string,
  scopes: string[],
): Promise<PolicyVersionRow[]> {
  const latest = await db
    .select({ scope: policyVersions.scope, version: max(policyVersions.version) })
    .from(policyVersions)
    .where(and(eq(policyVersions.tenantId, tenantId), inArray(policyVersions.scope, scopes)))
    .groupBy(policyVersions.scope);
  const rows: PolicyVersionRow[] = [];
  for (const { scope, version } of latest) {
    if (version === null) continue;
    const [row] = await db
      .select()
      .from(policyVersions)
      .where(
        and(
          eq(policyVersions.tenantId, tenantId),
          eq(policyVersions.scope, scope),
          eq(policyVersions.version, version),
        ),
      )
      .limit(1);
    if (row) rows.push(row);
  }
  return rows;
}

export async function listPolicyVersions(db: Database, tenantId: string, scope: string, limit: number) {
  return db
    .select()
    .from(policyVersions)
    .where(and(eq(policyVersions.tenantId, tenantId), eq(policyVersions.scope, scope)))
    .orderBy(desc(policyVersions.version))
    .limit(limit);
}

/**
 * Stores the next version of a scope. Two editors saving at once race on the unique
 * (tenant, scope, version) index: one wins, the other gets null and is told to re-read.
 */
export async function insertNextPolicyVersion(
  db: Database,
  row: Omit<PolicyVersionRow, "version">,
): Promise<PolicyVersionRow | null> {
  const [current] = await db
    .select({ version: max(policyVersions.version) })
    .from(policyVersions)
    .where(and(eq(policyVersions.tenantId, row.tenantId), eq(policyVersions.scope, row.scope)));
  const next = { ...row, version: (current?.version ?? 0) + 1 };
  const inserted = await db.insert(policyVersions).values(next).onConflictDoNothing().returning();
  return inserted[0] ?? null;
}
