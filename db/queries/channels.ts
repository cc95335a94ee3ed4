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
