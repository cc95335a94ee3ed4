/**
 * D1 side of context threads: the rows thread resolution consults (keys, participants, entities,
 * merges), thread records with their links, and the writes that apply a resolution, link or merge.
 * Every query filters by tenant_id.
 */
import { and, eq, inArray, like, or } from "drizzle-orm";
import type { Database } from "../client";
import { contextThreads } from "../schema";
import {
  contextThreadKeys,
  contextThreadLinks,
  contextThreadMerges,
  entityParticipants,
} from "../schema-context";
import { entities } from "../schema-proposals";

export type StoredThreadKind = (typeof contextThreads.$inferSelect)["kind"];

/**
 * A thread's index row with its links and merge status: the shape of kernel/context's
 * ThreadRecord, which the link and merge planners take (db/ does not import the kernel).
 */
export interface StoredThreadRecord {
  threadId: string;
  tenantId: string;
  kind: StoredThreadKind;
  title: string;
  entityId?: string;
  parentThreadId?: string;
  linkedThreadIds: string[];
  status: "open" | "merged";
  mergedInto?: string;
}

/** D1 keeps four kinds; the kernel's "task" and "chat" threads are conversations to the index. */
export function storedKind(kind: string): StoredThreadKind {
  return kind === "client" || kind === "invoice" || kind === "project" ? kind : "conversation";
}

/** An entity thread's external reference: one thread per entity, enforced by context_threads_ref. */
export const entityRef = (entityId: string) => `entity:${entityId}`;

export async function threadKeysFor(db: Database, tenantId: string, keys: readonly string[]) {
  if (keys.length === 0) return [];
  return db
    .select({
      key: contextThreadKeys.key,
      threadId: contextThreadKeys.threadId,
      kind: contextThreadKeys.kind,
    })
    .from(contextThreadKeys)
    .where(and(eq(contextThreadKeys.tenantId, tenantId), inArray(contextThreadKeys.key, [...keys])));
}

/** First claim wins: a key already bound to a thread stays there (a merge re-points it explicitly). */
export async function registerThreadKeys(
  db: Database,
  rows: { tenantId: string; threadId: string; key: string; kind: "platform" | "reference"; at: number }[],
) {
  for (const row of rows) {
    await db
      .insert(contextThreadKeys)
      .values({
        tenantId: row.tenantId,
        key: row.key,
        kind: row.kind,
        threadId: row.threadId,
        createdAt: row.at,
      })
      .onConflictDoNothing();
  }
}

export async function participantsMatching(db: Database, tenantId: string, participants: readonly string[]) {
  if (participants.length === 0) return [];
  return db
    .select({ participant: entityParticipants.participant, entityId: entityParticipants.entityId })
    .from(entityParticipants)
    .where(
      and(
        eq(entityParticipants.tenantId, tenantId),
        inArray(entityParticipants.participant, [...participants]),
      ),
    );
}

export async function addEntityParticipant(
  db: Database,
  row: { tenantId: string; participant: string; entityId: string; at: number },
) {
  await db
    .insert(entityParticipants)
    .values({
      tenantId: row.tenantId,
      participant: row.participant.trim().toLowerCase(),
      entityId: row.entityId,
      createdAt: row.at,
    })
    .onConflictDoNothing();
}

export async function tenantEntities(db: Database, tenantId: string) {
  return db
    .select({
      id: entities.id,
      kind: entities.kind,
      name: entities.name,
      aliases: entities.aliases,
      data: entities.data,
    })
    .from(entities)
    .where(eq(entities.tenantId, tenantId));
}

/** entity id → its thread id, for the tenant's entity threads. */
export async function entityThreadIds(db: Database, tenantId: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: contextThreads.id, externalRef: contextThreads.externalRef })
    .from(contextThreads)
    .where(and(eq(contextThreads.tenantId, tenantId), like(contextThreads.externalRef, "entity:%")));
  return new Map(rows.map((row) => [row.externalRef.slice("entity:".length), row.id]));
}

/** Creates the index row of a thread if it is new; a concurrent opener's row wins and is returned. */
export async function ensureThreadRow(
  db: Database,
  row: {
    id: string;
    tenantId: string;
    kind: StoredThreadKind;
    externalRef: string;
    title: string;
    channelId?: string;
    at: number;
  },
): Promise<string> {
  await db
    .insert(contextThreads)
    .values({
      id: row.id,
      tenantId: row.tenantId,
      channelId: row.channelId ?? null,
      kind: row.kind,
      externalRef: row.externalRef,
      title: row.title,
      createdAt: row.at,
      lastMessageAt: row.at,
      messageCount: 0,
    })
    .onConflictDoNothing();
  const [existing] = await db
    .select({ id: contextThreads.id })
    .from(contextThreads)
    .where(
      and(
        eq(contextThreads.tenantId, row.tenantId),
        or(
          eq(contextThreads.id, row.id),
          and(eq(contextThreads.kind, row.kind), eq(contextThreads.externalRef, row.externalRef)),
        ),
      ),
    )
    .limit(1);
  return existing?.id ?? row.id;
}

export async function tenantMerges(db: Database, tenantId: string) {
  return db.select().from(contextThreadMerges).where(eq(contextThreadMerges.tenantId, tenantId));
}

/** Thread records with links and merge status, as the kernel's link and merge planners take them. */
export async function threadRecords(
  db: Database,
  tenantId: string,
  ids: readonly string[],
): Promise<StoredThreadRecord[]> {
  if (ids.length === 0) return [];
  const list = [...new Set(ids)];
  const rows = await db
    .select()
    .from(contextThreads)
    .where(and(eq(contextThreads.tenantId, tenantId), inArray(contextThreads.id, list)));
  const links = await db
    .select()
    .from(contextThreadLinks)
    .where(and(eq(contextThreadLinks.tenantId, tenantId), inArray(contextThreadLinks.threadId, list)));
  const merges = await db
    .select()
    .from(contextThreadMerges)
    .where(
      and(eq(contextThreadMerges.tenantId, tenantId), inArray(contextThreadMerges.sourceThreadId, list)),
    );
  const mergedInto = new Map(merges.map((m) => [m.sourceThreadId, m.targetThreadId]));
  return rows.map((row) => {
    const own = links.filter((link) => link.threadId === row.id);
    const merged = mergedInto.get(row.id);
    return {
      threadId: row.id,
      tenantId: row.tenantId,
      kind: row.kind,
      title: row.title,
      entityId: row.externalRef.startsWith("entity:") ? row.externalRef.slice("entity:".length) : undefined,
      parentThreadId: own.find((link) => link.relation === "parent")?.linkedThreadId,
      linkedThreadIds: own.filter((link) => link.relation === "related").map((link) => link.linkedThreadId),
      status: merged ? "merged" : "open",
      mergedInto: merged,
    };
  });
}

/** Threads that point at `threadId` (children and related), for a merge's re-parenting. */
export async function threadsLinkingTo(db: Database, tenantId: string, threadId: string): Promise<string[]> {
  const rows = await db
    .select({ threadId: contextThreadLinks.threadId })
    .from(contextThreadLinks)
    .where(and(eq(contextThreadLinks.tenantId, tenantId), eq(contextThreadLinks.linkedThreadId, threadId)));
  return rows.map((row) => row.threadId);
}

export async function threadKeysOf(db: Database, tenantId: string, threadId: string) {
  return db
    .select({ key: contextThreadKeys.key, kind: contextThreadKeys.kind })
    .from(contextThreadKeys)
    .where(and(eq(contextThreadKeys.tenantId, tenantId), eq(contextThreadKeys.threadId, threadId)));
}

/** Writes a thread's parent and related links as a record says (after a link or merge plan). */
export async function saveThreadLinks(
  db: Database,
  record: Pick<StoredThreadRecord, "threadId" | "tenantId" | "parentThreadId" | "linkedThreadIds">,
  actor: string,
  at: number,
) {
  await db
    .delete(contextThreadLinks)
    .where(
      and(eq(contextThreadLinks.tenantId, record.tenantId), eq(contextThreadLinks.threadId, record.threadId)),
    );
  const rows = [
    ...(record.parentThreadId ? [{ linked: record.parentThreadId, relation: "parent" as const }] : []),
    ...record.linkedThreadIds.map((linked) => ({ linked, relation: "related" as const })),
  ];
  for (const row of rows) {
    await db
      .insert(contextThreadLinks)
      .values({
        tenantId: record.tenantId,
        threadId: record.threadId,
        linkedThreadId: row.linked,
        relation: row.relation,
        createdBy: actor,
        createdAt: at,
      })
      .onConflictDoNothing();
  }
}

/** Marks the source merged and moves its keys, so resolution lands on the target from now on. */
export async function recordThreadMerge(
  db: Database,
  merge: {
    tenantId: string;
    sourceThreadId: string;
    targetThreadId: string;
    actor: string;
    reason: string;
    auditId: string;
    at: number;
  },
) {
  await db.insert(contextThreadMerges).values(merge).onConflictDoNothing();
  await db
    .update(contextThreadKeys)
    .set({ threadId: merge.targetThreadId })
    .where(
      and(
        eq(contextThreadKeys.tenantId, merge.tenantId),
        eq(contextThreadKeys.threadId, merge.sourceThreadId),
      ),
    );
}
