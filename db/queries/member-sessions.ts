/** Dashboard sessions: found by the digest of the cookie's secret, always within one tenant. */
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import type { Database } from "../client";
import { memberSessions, members } from "../schema-members";

export type MemberSessionRow = typeof memberSessions.$inferSelect;

export async function insertSession(db: Database, row: typeof memberSessions.$inferInsert) {
  await db.insert(memberSessions).values(row);
}

/** The live session with this token digest in this tenant, with its member; null otherwise. */
export async function findLiveSession(db: Database, tenantId: string, tokenHash: string, now: number) {
  const [row] = await db
    .select({ session: memberSessions, member: members })
    .from(memberSessions)
    .innerJoin(
      members,
      and(eq(members.tenantId, memberSessions.tenantId), eq(members.id, memberSessions.memberId)),
    )
    .where(
      and(
        eq(memberSessions.tenantId, tenantId),
        eq(memberSessions.tokenHash, tokenHash),
        isNull(memberSessions.revokedAt),
        gt(memberSessions.expiresAt, now),
      ),
    )
    .limit(1);
  return row ?? null;
}

export async function touchSession(db: Database, tenantId: string, id: string, now: number) {
  await db
    .update(memberSessions)
    .set({ lastSeenAt: now })
    .where(and(eq(memberSessions.tenantId, tenantId), eq(memberSessions.id, id)));
}

/** Live sessions, newest first: one member's, or (memberId undefined) the whole tenant's. */
export async function listLiveSessions(db: Database, tenantId: string, now: number, memberId?: string) {
  return db
    .select({ session: memberSessions, login: members.login, name: members.name })
    .from(memberSessions)
    .innerJoin(
      members,
      and(eq(members.tenantId, memberSessions.tenantId), eq(members.id, memberSessions.memberId)),
    )
    .where(
      and(
        eq(memberSessions.tenantId, tenantId),
        isNull(memberSessions.revokedAt),
        gt(memberSessions.expiresAt, now),
        memberId === undefined ? undefined : eq(memberSessions.memberId, memberId),
      ),
    )
    .orderBy(desc(memberSessions.lastSeenAt));
}

/** Revokes one session; `memberId` limits it to that member's own. True when a live one was revoked. */
export async function revokeSession(
  db: Database,
  tenantId: string,
  id: string,
  now: number,
  memberId?: string,
) {
  const revoked = await db
    .update(memberSessions)
    .set({ revokedAt: now })
    .where(
      and(
        eq(memberSessions.tenantId, tenantId),
        eq(memberSessions.id, id),
        isNull(memberSessions.revokedAt),
        memberId === undefined ? undefined : eq(memberSessions.memberId, memberId),
      ),
    )
    .returning({ id: memberSessions.id });
  return revoked.length > 0;
}
