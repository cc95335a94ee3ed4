/** Entities (clients, vendors, people) with guard flags and a CRM-style record. */
import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { Database } from "../client";
import { entities } from "../schema-proposals";

export type StoredEntityRow = typeof entities.$inferSelect;

export async function upsertEntity(db: Database, row: typeof entities.$inferInsert) {
  await db
    .insert(entities)
    .values(row)
    .onConflictDoUpdate({
      target: entities.id,
      set: { name: row.name, aliases: row.aliases, flags: row.flags, updatedAt: row.updatedAt },
      setWhere: eq(entities.tenantId, row.tenantId),
    });
}

export async function getEntity(db: Database, tenantId: string, id: string): Promise<StoredEntityRow | null> {
  const [row] = await db
    .select()
    .from(entities)
    .where(and(eq(entities.tenantId, tenantId), eq(entities.id, id)))
    .limit(1);
  return row ?? null;
}

/** Entities named by id or by one of their aliases (an email address, a chat id), case-insensitively. */
export async function findEntitiesByRefs(db: Database, tenantId: string, refs: readonly string[]) {
  if (refs.length === 0) return [];
  const lowered = refs.map((ref) => ref.toLowerCase());
  return db
    .select()
    .from(entities)
    .where(
      and(
        eq(entities.tenantId, tenantId),
        or(
          inArray(entities.id, [...refs]),
          sql`EXISTS (SELECT 1 FROM json_each(${entities.aliases}) WHERE lower(json_each.value) IN (${sql.join(
            lowered.map((ref) => sql`${ref}`),
            sql`, `,
          )}))`,
        ),
      ),
    );
}

/**
 * Sets one field of the record if the entity is still at `version`; returns the new row or null
 * when someone else changed it first.
 */
export async function setEntityField(
  db: Database,
  tenantId: string,
  id: string,
  version: number,
  data: Record<string, unknown>,
  now: number,
): Promise<StoredEntityRow | null> {
  const [row] = await db
    .update(entities)
    .set({ data, version: version + 1, updatedAt: now })
    .where(and(eq(entities.tenantId, tenantId), eq(entities.id, id), eq(entities.version, version)))
    .returning();
  return row ?? null;
}
