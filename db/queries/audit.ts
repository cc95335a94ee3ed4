import { desc, eq } from "drizzle-orm";
import type { Database } from "../client";
import { auditLog } from "../schema";

export type AuditEntry = typeof auditLog.$inferInsert;

/** One batched statement for many entries: audit writes stay off the per-decision hot path. */
export async function insertAuditEntries(db: Database, entries: AuditEntry[]) {
  if (entries.length === 0) return;
  // D1 caps bound parameters per statement; 10 columns × 8 rows stays well under it.
  for (let i = 0; i < entries.length; i += 8) {
    await db
      .insert(auditLog)
      .values(entries.slice(i, i + 8))
      .onConflictDoNothing();
  }
}

export async function listAudit(db: Database, tenantId: string, limit: number) {
  return db
    .select()
    .from(auditLog)
    .where(eq(auditLog.tenantId, tenantId))
    .orderBy(desc(auditLog.at))
    .limit(limit);
}
