/**
 * Who spoke last in a thread, kept on its index row: the unanswered-messages discoverer looks for
 * threads whose last word is a person's. Written by the ContextThread after each inbound message.
 */
import { and, eq } from "drizzle-orm";
import type { Database } from "../client";
import { contextThreads } from "../schema";

/** `speaker` is "user:<platform id>" or "agent:<agent id>". */
export async function recordThreadSpeaker(db: Database, tenantId: string, threadId: string, speaker: string) {
  await db
    .update(contextThreads)
    .set({ lastSpeaker: speaker })
    .where(and(eq(contextThreads.tenantId, tenantId), eq(contextThreads.id, threadId)));
}
