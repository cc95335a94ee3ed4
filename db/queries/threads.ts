import { desc, eq, sql } from "drizzle-orm";
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

/** Creates the index row on first sight of a thread, then keeps its counters current. */
export async function touchThread(db: Database, thread: ThreadTouch) {
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
    .onConflictDoUpdate({
      target: contextThreads.id,
      set: {
        lastMessageAt: sql`max(${contextThreads.lastMessageAt}, ${thread.at})`,
        messageCount: sql`${contextThreads.messageCount} + 1`,
      },
      // A thread id never moves between tenants; the guard makes that a rule, not a hope.
      setWhere: eq(contextThreads.tenantId, thread.tenantId),
    });
}

export async function listThreads(db: Database, tenantId: string, limit: number) {
  return db
    .select()
    .from(contextThreads)
    .where(eq(contextThreads.tenantId, tenantId))
    .orderBy(desc(contextThreads.lastMessageAt))
    .limit(limit);
}
