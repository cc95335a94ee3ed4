/** One-time sign-in codes: only their digests, each good once, until it expires or is guessed at too often. */
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Database } from "../client";
import { signInCodes } from "../schema-members";

export type SignInCodeRow = typeof signInCodes.$inferSelect;

export async function insertSignInCode(db: Database, row: typeof signInCodes.$inferInsert) {
  await db.insert(signInCodes).values(row);
}

/** Codes sent to a member since `since`, for the limit on how often codes may be asked for. */
export async function countCodesSince(db: Database, tenantId: string, memberId: string, since: number) {
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(signInCodes)
    .where(
      and(
        eq(signInCodes.tenantId, tenantId),
        eq(signInCodes.memberId, memberId),
        gt(signInCodes.createdAt, since),
      ),
    );
  return row?.n ?? 0;
}

/** The member's newest code that is unused, unexpired and has tries left: only the latest counts. */
export async function latestLiveCode(
  db: Database,
  tenantId: string,
  memberId: string,
  now: number,
  maxAttempts: number,
) {
  const [row] = await db
    .select()
    .from(signInCodes)
    .where(and(eq(signInCodes.tenantId, tenantId), eq(signInCodes.memberId, memberId)))
    .orderBy(desc(signInCodes.createdAt))
    .limit(1);
  if (!row || row.usedAt !== null || row.expiresAt <= now || row.attempts >= maxAttempts) return null;
  return row;
}

/** Counts one wrong try. */
export async function recordWrongCode(db: Database, tenantId: string, id: string) {
  await db
    .update(signInCodes)
    .set({ attempts: sql`${signInCodes.attempts} + 1` })
    .where(and(eq(signInCodes.tenantId, tenantId), eq(signInCodes.id, id)));
}

/**
 * Spends a code. Conditional on it being unused, so two requests racing with the same code
 * sign in once: only the one whose update changed the row gets true.
 */
export async function spendCode(db: Database, tenantId: string, id: string, now: number) {
  const spent = await db
    .update(signInCodes)
    .set({ usedAt: now })
    .where(and(eq(signInCodes.tenantId, tenantId), eq(signInCodes.id, id), isNull(signInCodes.usedAt)))
    .returning({ id: signInCodes.id });
  return spent.length > 0;
}
