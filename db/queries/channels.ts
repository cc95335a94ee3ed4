import { and, eq } from "drizzle-orm";
import type { Database } from "../client";
import { channels } from "../schema";

export type ChannelRow = typeof channels.$inferSelect;

export async function getChannelByKind(db: Database, tenantId: string, kind: ChannelRow["kind"]) {
  const [row] = await db
    .select()
    .from(channels)
    .where(and(eq(channels.tenantId, tenantId), eq(channels.kind, kind)))
    .limit(1);
  return row ?? null;
}

export async function getChannel(db: Database, tenantId: string, channelId: string) {
  const [row] = await db
    .select()
    .from(channels)
    .where(and(eq(channels.tenantId, tenantId), eq(channels.id, channelId)))
    .limit(1);
  return row ?? null;
}

/** The channels of a tenant, without their secrets. */
export async function listChannels(db: Database, tenantId: string) {
  return db
    .select({
      id: channels.id,
      kind: channels.kind,
      agentId: channels.agentId,
      config: channels.config,
      createdAt: channels.createdAt,
    })
    .from(channels)
    .where(eq(channels.tenantId, tenantId));
}

export async function updateChannelConfig(
  db: Database,
  tenantId: string,
  channelId: string,
  config: unknown,
) {
  const updated = await db
    .update(channels)
    .set({ config })
    .where(and(eq(channels.tenantId, tenantId), eq(channels.id, channelId)))
    .returning({ id: channels.id });
  return updated.length > 0;
}

/** Creates the tenant's channel of this kind, or replaces its agent, secrets and settings. */
export async function upsertChannel(db: Database, row: typeof channels.$inferInsert) {
  await db
    .insert(channels)
    .values(row)
    .onConflictDoUpdate({
      target: [channels.tenantId, channels.kind],
      set: {
        agentId: row.agentId,
        webhookSecretHash: row.webhookSecretHash,
        credentialsSealed: row.credentialsSealed,
        config: row.config,
      },
    });
  const saved = await getChannelByKind(db, row.tenantId, row.kind);
  if (!saved) throw new Error(`channel ${row.kind} of ${row.tenantId} vanished after upsert`);
  return saved;
}
