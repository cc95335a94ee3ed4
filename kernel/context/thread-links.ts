import { type FactMergeConflict, type FactSet, mergeFactSets } from "../memory/facts";
import type { ThreadRecord } from "./threads";

/**
 * Linking and merging threads, as pure plans over plain records. The caller (the ContextThread
 * Durable Objects and D1) applies a plan; nothing here writes anywhere, so a plan can be shown to a
 * human before it happens and the audit record is built from exactly what will be applied.
 */

export type LinkResult = { ok: true; threads: ThreadRecord[] } | { ok: false; reason: string };

/**
 * Makes `childId` belong to `parentId` (an invoice thread to its client thread).
 * Refuses unknown or merged threads, tenant crossings and cycles.
 */
export function linkThreadToParent(
  threads: readonly ThreadRecord[],
  childId: string,
  parentId: string,
): LinkResult {
  const byId = new Map(threads.map((thread) => [thread.threadId, thread]));
  const child = byId.get(childId);
  const parent = byId.get(parentId);
  if (!child || !parent) return { ok: false, reason: `unknown thread ${child ? parentId : childId}` };
  const refusal = refuseLink(child, parent);
  if (refusal) return { ok: false, reason: refusal };
  for (let ancestor: ThreadRecord | undefined = parent; ancestor; ) {
    if (ancestor.threadId === childId) return { ok: false, reason: "link would make a cycle" };
    ancestor = ancestor.parentThreadId ? byId.get(ancestor.parentThreadId) : undefined;
  }
  return {
    ok: true,
    threads: threads.map((t) => (t.threadId === childId ? { ...t, parentThreadId: parentId } : t)),
  };
}

/** A symmetric "related" link (two projects for the same launch), kept on both threads. */
export function linkRelatedThreads(threads: readonly ThreadRecord[], aId: string, bId: string): LinkResult {
  const a = threads.find((thread) => thread.threadId === aId);
  const b = threads.find((thread) => thread.threadId === bId);
  if (!a || !b) return { ok: false, reason: `unknown thread ${a ? bId : aId}` };
  const refusal = refuseLink(a, b);
  if (refusal) return { ok: false, reason: refusal };
  const withLink = (thread: ThreadRecord, other: string): ThreadRecord => ({
    ...thread,
    linkedThreadIds: [...new Set([...thread.linkedThreadIds, other])],
  });
  return {
    ok: true,
    threads: threads.map((t) =>
      t.threadId === aId ? withLink(t, bId) : t.threadId === bId ? withLink(t, aId) : t,
    ),
  };
}

/** Everything a merge moves, as the caller reads it from the source thread's storage. */
export interface ThreadContents {
  messageIds: string[];
  facts: FactSet;
  platformKeys: string[];
  references: string[];
}

export interface MergeRequest {
  threads: readonly ThreadRecord[];
  sourceThreadId: string;
  targetThreadId: string;
  source: ThreadContents;
  target: ThreadContents;
  actor: string;
  reason: string;
  at: number;
  auditId: string;
}

/** The audit row of a merge: who, why, when, and what moved, including facts that disagreed. */
export interface MergeAuditRecord {
  auditId: string;
  tenantId: string;
  action: "thread.merge";
  actor: string;
  reason: string;
  at: number;
  sourceThreadId: string;
  targetThreadId: string;
  movedMessageIds: string[];
  movedPlatformKeys: string[];
  movedReferences: string[];
  reparentedThreadIds: string[];
  factConflicts: FactMergeConflict[];
}

export interface MergePlan {
  /** Records to write back: the source marked merged (it forwards), target and children updated. */
  threads: ThreadRecord[];
  /** The target's fact set after the merge. */
  targetFacts: FactSet;
  audit: MergeAuditRecord;
}

export type MergePlanResult = { ok: true; plan: MergePlan } | { ok: false; reason: string };

export function planThreadMerge(request: MergeRequest): MergePlanResult {
  const { sourceThreadId, targetThreadId } = request;
  const source = request.threads.find((thread) => thread.threadId === sourceThreadId);
  const target = request.threads.find((thread) => thread.threadId === targetThreadId);
  if (!source || !target)
    return { ok: false, reason: `unknown thread ${source ? targetThreadId : sourceThreadId}` };
  if (sourceThreadId === targetThreadId) return { ok: false, reason: "a thread cannot merge into itself" };
  if (source.tenantId !== target.tenantId)
    return { ok: false, reason: "threads belong to different tenants" };
  if (source.status === "merged" || target.status === "merged") {
    return { ok: false, reason: "a merged thread only forwards; merge into the surviving thread" };
  }
  // Facts scoped to the source thread itself move to the target thread; entity facts keep their entity.
  const resubject = (subjectId: string) => (subjectId === sourceThreadId ? targetThreadId : subjectId);
  const { facts, conflicts } = mergeFactSets(request.target.facts, request.source.facts, resubject);

  const reparented = request.threads
    .filter((t) => t.parentThreadId === sourceThreadId)
    .map((t) => t.threadId);
  const replaceId = (ids: readonly string[], self: string) =>
    [...new Set(ids.map((id) => (id === sourceThreadId ? targetThreadId : id)))].filter((id) => id !== self);

  const threads = request.threads.map((thread): ThreadRecord => {
    if (thread.threadId === sourceThreadId) {
      return { ...thread, status: "merged", mergedInto: targetThreadId };
    }
    if (thread.threadId === targetThreadId) {
      return {
        ...thread,
        linkedThreadIds: replaceId([...thread.linkedThreadIds, ...source.linkedThreadIds], targetThreadId),
        parentThreadId: thread.parentThreadId ?? source.parentThreadId,
      };
    }
    const parentThreadId = thread.parentThreadId === sourceThreadId ? targetThreadId : thread.parentThreadId;
    return { ...thread, parentThreadId, linkedThreadIds: replaceId(thread.linkedThreadIds, thread.threadId) };
  });

  const audit: MergeAuditRecord = {
    auditId: request.auditId,
    tenantId: source.tenantId,
    action: "thread.merge",
    actor: request.actor,
    reason: request.reason,
    at: request.at,
    sourceThreadId,
    targetThreadId,
    movedMessageIds: request.source.messageIds.filter((id) => !request.target.messageIds.includes(id)),
    movedPlatformKeys: request.source.platformKeys,
    movedReferences: request.source.references,
    reparentedThreadIds: reparented,
    factConflicts: conflicts,
  };
  return { ok: true, plan: { threads, targetFacts: facts, audit } };
}

function refuseLink(a: ThreadRecord, b: ThreadRecord): string | undefined {
  if (a.threadId === b.threadId) return "a thread cannot link to itself";
  if (a.tenantId !== b.tenantId) return "threads belong to different tenants";
  if (a.status === "merged" || b.status === "merged") return "a merged thread cannot be linked";
  return undefined;
}
