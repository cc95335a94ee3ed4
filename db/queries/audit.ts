import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import type { Database } from "../client";
import { auditLog } from "../schema";

export type AuditEntry = Omit<typeof auditLog.$inferInsert, "writer" | "seq" | "prevHash" | "hash">;
export type AuditRow = typeof auditLog.$inferSelect;

/**
 * Seals rows just written into their writer's hash chain. The Tenant object keeps the chains
 * (durable-objects/tenant/audit-chain-keeper.ts); writers get one bound to their writer id from
 * runtime/audit-chain.ts. Sealing only touches rows that are not sealed yet, so a retried write
 * seals what an interrupted one left.
 */
export interface AuditChain {
  seal(ids: string[]): Promise<void>;
}

/** One batched statement for many entries: audit writes stay off the per-decision hot path. */
export async function insertAuditEntries(db: Database, entries: AuditEntry[], chain: AuditChain) {
  if (entries.length === 0) return;
  // D1 caps bound parameters per statement; 10 columns × 8 rows stays well under it.
  for (let i = 0; i < entries.length; i += 8) {
    await db
      .insert(auditLog)
      .values(entries.slice(i, i + 8))
      .onConflictDoNothing();
  }
  await chain.seal(entries.map((entry) => entry.id));
}

export async function listAudit(db: Database, tenantId: string, limit: number) {
  return db
    .select()
    .from(auditLog)
    .where(eq(auditLog.tenantId, tenantId))
    .orderBy(desc(auditLog.at))
    .limit(limit);
}

/** The rows among `ids` that carry no chain fields yet (D1 caps bound parameters: chunks of 90). */
export async function unsealedAuditRows(db: Database, tenantId: string, ids: readonly string[]) {
  const rows: AuditRow[] = [];
  for (let i = 0; i < ids.length; i += 90) {
    rows.push(
      ...(await db
        .select()
        .from(auditLog)
        .where(
          and(
            eq(auditLog.tenantId, tenantId),
            inArray(auditLog.id, ids.slice(i, i + 90)),
            isNull(auditLog.hash),
            isNull(auditLog.writer),
          ),
        )),
    );
  }
  return rows;
}

/** Writes chain fields onto unsealed rows in one transaction (a D1 batch): all of them or none. */
export async function sealAuditRows(
  db: Database,
  tenantId: string,
  links: readonly { id: string; writer: string; seq: number; prevHash: string; hash: string }[],
): Promise<number> {
  const [first, ...rest] = links.map((link) =>
    db
      .update(auditLog)
      .set({ writer: link.writer, seq: link.seq, prevHash: link.prevHash, hash: link.hash })
      .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.id, link.id), isNull(auditLog.hash))),
  );
  if (!first) return 0;
  const results = await db.batch([first, ...rest]);
  return results.reduce((sum, result) => sum + (result.meta?.changes ?? 0), 0);
}

/** Whether a writer's entry at `seq` carries `hash` (recovering a seal cut off before its head was kept). */
export async function chainEntryExists(
  db: Database,
  tenantId: string,
  writer: string,
  seq: number,
  hash: string,
): Promise<boolean> {
  const [row] = await db
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.tenantId, tenantId),
        eq(auditLog.writer, writer),
        eq(auditLog.seq, seq),
        eq(auditLog.hash, hash),
      ),
    )
    .limit(1);
  return row !== undefined;
}

/** Every row of the tenant, by chain and position, for verification. */
export async function auditRowsForVerification(db: Database, tenantId: string) {
  return db
    .select()
    .from(auditLog)
    .where(eq(auditLog.tenantId, tenantId))
    .orderBy(asc(auditLog.writer), asc(auditLog.seq), asc(auditLog.at));
}
