import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../client";
import { deadLetters } from "../schema";

export type DeadLetterRow = typeof deadLetters.$inferSelect;
export type NewDeadLetter = Omit<DeadLetterRow, "replayedAt">;

/**
 * Keeps a message that could not be processed. A repeat (the same message dead-lettered again,
 * as an alarm or a queue delivers at least once) keeps the first row; that row is returned.
 */
export async function recordDeadLetter(db: Database, row: NewDeadLetter): Promise<DeadLetterRow> {
  await db
    .insert(deadLetters)
    .values({ ...row, replayedAt: null })
    .onConflictDoNothing();
  const [kept] = await db
    .select()
    .from(deadLetters)
    .where(
      and(
        eq(deadLetters.tenantId, row.tenantId),
        eq(deadLetters.source, row.source),
        eq(deadLetters.messageKey, row.messageKey),
      ),
    );
  return kept!;
}

export async function listDeadLetters(db: Database, tenantId: string, limit = 100): Promise<DeadLetterRow[]> {
  return db
    .select()
    .from(deadLetters)
    .where(eq(deadLetters.tenantId, tenantId))
    .orderBy(desc(deadLetters.createdAt))
    .limit(limit);
}

export async function getDeadLetter(
  db: Database,
  tenantId: string,
  id: string,
): Promise<DeadLetterRow | undefined> {
  const [row] = await db
    .select()
    .from(deadLetters)
    .where(and(eq(deadLetters.tenantId, tenantId), eq(deadLetters.id, id)));
  return row;
}

export async function markDeadLetterReplayed(db: Database, tenantId: string, id: string, at: number) {
  await db
    .update(deadLetters)
    .set({ replayedAt: at })
    .where(and(eq(deadLetters.tenantId, tenantId), eq(deadLetters.id, id)));
}
