/** Tenant members: who may open the dashboard, with which role, paired on which channel. */
import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../client";
import { type MemberRole, memberSessions, members, signInCodes } from "../schema-members";

export type MemberRow = typeof members.$inferSelect;

export async function listMembers(db: Database, tenantId: string) {
  return db.select().from(members).where(eq(members.tenantId, tenantId)).orderBy(asc(members.login));
}

export async function getMember(db: Database, tenantId: string, id: string) {
  const [row] = await db
    .select()
    .from(members)
    .where(and(eq(members.tenantId, tenantId), eq(members.id, id)))
    .limit(1);
  return row ?? null;
}

export async function findMemberByLogin(db: Database, tenantId: string, login: string) {
  const [row] = await db
    .select()
    .from(members)
    .where(and(eq(members.tenantId, tenantId), eq(members.login, login)))
    .limit(1);
  return row ?? null;
}

/** Adds a member; null when the login is taken in this tenant. */
export async function insertMember(db: Database, row: typeof members.$inferInsert) {
  const inserted = await db.insert(members).values(row).onConflictDoNothing().returning();
  return inserted[0] ?? null;
}

export async function updateMember(
  db: Database,
  tenantId: string,
  id: string,
  fields: Partial<Pick<MemberRow, "name" | "role" | "channelId" | "platformUserId" | "conversationId">> & {
    updatedAt: number;
  },
) {
  const [row] = await db
    .update(members)
    .set(fields)
    .where(and(eq(members.tenantId, tenantId), eq(members.id, id)))
    .returning();
  return row ?? null;
}

export async function countOwners(db: Database, tenantId: string) {
  const owners = await db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.tenantId, tenantId), eq(members.role, "owner" satisfies MemberRole)));
  return owners.length;
}

/** Removes a member with their codes and sessions: a removed member is signed out at once. */
export async function deleteMember(db: Database, tenantId: string, id: string) {
  const [removed] = await db.batch([
    db
      .delete(members)
      .where(and(eq(members.tenantId, tenantId), eq(members.id, id)))
      .returning({ id: members.id }),
    db.delete(signInCodes).where(and(eq(signInCodes.tenantId, tenantId), eq(signInCodes.memberId, id))),
    db
      .delete(memberSessions)
      .where(and(eq(memberSessions.tenantId, tenantId), eq(memberSessions.memberId, id))),
  ]);
  return removed.length > 0;
}
