import { and, desc, eq, sql } from "drizzle-orm";
import type { Database } from "../client";
import { contextThreads } from "../schema";

export interface ThreadTouch {
  id: string;
  tenantId: string;
  channelId: string;
  kind: "conversation";
  externalRef: string;
  title: string;
  at: number;
}

/**
 * Keeps a thread's counters current, creating its index row on first sight. Thread resolution
 * usually created the row already (with the entity's kind and reference): then only the counters
 * move, so an entity thread is never re-filed as a conversation.
 */
export async function touchThread(db: Database, thread: ThreadTouch) {
  const updated = await db
    .update(contextThreads)
    .set({
      lastMessageAt: sql`max(${contextThreads.lastMessageAt}, ${thread.at})`,
      messageCount: sql`${contextThreads.messageCount} + 1`,
      channelId: sql`coalesce(${contextThreads.channelId}, ${thread.channelId})`,
    })
    // A thread id never moves between tenants; the guard makes that a rule, not a hope.
    .where(and(eq(contextThreads.id, thread.id), eq(contextThreads.tenantId, thread.tenantId)))
    .returning({ id: contextThreads.id });
  if (updated.length > 0) return;
  await db
    .insert(contextThreads)
    .values({
      id: thread.id,
      tenantId: thread.tenantId,
      channelId: thread.channelId,
      kind: thread.kind,
      externalRef: thread.externalRef,
      title: thread.title,
      createdAt: thread.at,
      lastMessageAt: thread.at,
      messageCount: 1,
    })
    .onConflictDoNothing();
}

export async function listThreads(
  db: Database,
  tenantId: string,
  limit: number,
  kind?: (typeof contextThreads.$inferSelect)["kind"],
) {
  return db
    .select()
    .from(contextThreads)
    .where(and(eq(contextThreads.tenantId, tenantId), kind ? eq(contextThreads.kind, kind) : undefined))
    .orderBy(desc(contextThreads.lastMessageAt))
    .limit(limit);
}

export async function getThreadRow(db: Database, tenantId: string, threadId: string) {
  const [row] = await db
    .select()
    .from(contextThreads)
    .where(and(eq(contextThreads.tenantId, tenantId), eq(contextThreads.id, threadId)))
    .limit(1);
  return row ?? null;
}
