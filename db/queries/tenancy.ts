/**
 * Tenants as the platform operator sees them (workers/platform/): created with their first admin
 * token and agents, listed, suspended and resumed; and the events a suspended tenant's webhooks
 * carried, parked in arrival order until it is resumed.
 */
import { and, asc, count, eq, inArray } from "drizzle-orm";
import type { Database } from "../client";
import { agents, apiTokens, type TENANT_STATUSES, tenants } from "../schema";
import { parkedEvents } from "../schema-tenancy";

export type TenantStatus = (typeof TENANT_STATUSES)[number];
export type TenantRow = typeof tenants.$inferSelect;

export interface NewTenant {
  id: string;
  name: string;
  adminTokenHash: string;
  agents: Array<Omit<typeof agents.$inferInsert, "tenantId" | "createdAt">>;
  /** kernel/tenancy/quotas.ts; null: unlimited. */
  quotas: unknown;
  now: number;
}

/** The tenant, its admin token (digest only) and its agents, in one batch; false if the id is taken. */
export async function createTenant(db: Database, tenant: NewTenant): Promise<boolean> {
  const [taken] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenant.id));
  if (taken) return false;
  await db.batch([
    db
      .insert(tenants)
      .values({ id: tenant.id, name: tenant.name, createdAt: tenant.now, quotas: tenant.quotas }),
    db.insert(apiTokens).values({
      id: `tok_${tenant.id.replace(/-/g, "_")}_admin`,
      tenantId: tenant.id,
      name: "admin",
      tokenHash: tenant.adminTokenHash,
      createdAt: tenant.now,
    }),
    ...(tenant.agents.length > 0
      ? [
          db
            .insert(agents)
            .values(tenant.agents.map((agent) => ({ ...agent, tenantId: tenant.id, createdAt: tenant.now }))),
        ]
      : []),
  ]);
  return true;
}

/** Every tenant, oldest first: the platform operator's list (tenants is not a per-tenant table). */
export async function listTenants(db: Database, limit: number): Promise<TenantRow[]> {
  return db.select().from(tenants).orderBy(asc(tenants.createdAt), asc(tenants.id)).limit(limit);
}

export async function getTenant(db: Database, tenantId: string): Promise<TenantRow | null> {
  const [row] = await db.select().from(tenants).where(eq(tenants.id, tenantId));
  return row ?? null;
}

/** Moves the tenant to `status`; the row as it is now, or null for an unknown tenant. */
export async function setTenantStatus(
  db: Database,
  tenantId: string,
  status: TenantStatus,
  now: number,
): Promise<TenantRow | null> {
  const [row] = await db
    .update(tenants)
    .set({ status, statusChangedAt: now })
    .where(eq(tenants.id, tenantId))
    .returning();
  return row ?? null;
}

/** Replaces the tenant's quotas; the row as it is now, or null for an unknown tenant. */
export async function setTenantQuotas(
  db: Database,
  tenantId: string,
  quotas: unknown,
): Promise<TenantRow | null> {
  const [row] = await db.update(tenants).set({ quotas }).where(eq(tenants.id, tenantId)).returning();
  return row ?? null;
}

/** `messages` are inbound queue messages, kept as JSON; the reader validates them again. */
export async function parkEvents(db: Database, tenantId: string, messages: unknown[], now: number) {
  if (messages.length === 0) return;
  await db.insert(parkedEvents).values(messages.map((message) => ({ tenantId, message, parkedAt: now })));
}

/** The oldest parked events of the tenant, in arrival order. */
export async function oldestParked(db: Database, tenantId: string, limit: number) {
  const rows = await db
    .select({ seq: parkedEvents.seq, message: parkedEvents.message })
    .from(parkedEvents)
    .where(eq(parkedEvents.tenantId, tenantId))
    .orderBy(asc(parkedEvents.seq))
    .limit(limit);
  return rows;
}

export async function deleteParked(db: Database, tenantId: string, seqs: number[]) {
  if (seqs.length === 0) return;
  await db
    .delete(parkedEvents)
    .where(and(eq(parkedEvents.tenantId, tenantId), inArray(parkedEvents.seq, seqs)));
}

export async function countParked(db: Database, tenantId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(parkedEvents).where(eq(parkedEvents.tenantId, tenantId));
  return row?.n ?? 0;
}

/** Tenants in `status` that have parked events: the cron sweep's one cross-tenant read of them. */
export async function tenantsWithParkedEvents(
  db: Database,
  status: TenantStatus,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectDistinct({ tenantId: parkedEvents.tenantId })
    .from(parkedEvents)
    .innerJoin(tenants, eq(tenants.id, parkedEvents.tenantId))
    .where(eq(tenants.status, status))
    .limit(limit);
  return rows.map((row) => row.tenantId);
}
