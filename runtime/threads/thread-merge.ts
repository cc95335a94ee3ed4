/**
 * Linking and merging threads in the running system: the kernel plans (refusing cycles, tenant
 * crossings, merged threads), this applies the plan to D1 and the threads' Durable Objects and
 * writes the audit row. A merge moves the source's messages and facts into the target, re-points
 * its keys and links, and leaves the source forwarding; each step is idempotent, so a retried
 * merge finishes what a failed one started.
 */
import type { Database } from "../../db/client";
import { type AuditChain, insertAuditEntries } from "../../db/queries/audit";
import {
  recordThreadMerge,
  saveThreadLinks,
  threadKeysOf,
  threadRecords,
  threadsLinkingTo,
} from "../../db/queries/context-threads";
import { threadStub } from "../../durable-objects/stubs";
import {
  linkRelatedThreads,
  linkThreadToParent,
  planThreadMerge,
  type ThreadRecord,
} from "../../kernel/context";
import { accepted } from "../../kernel/refusal";

export type ThreadChangeResult =
  | { ok: true; threads: ThreadRecord[]; auditId: string }
  | { ok: false; status: 404 | 409; reason: string };

interface ChangeContext {
  tenantId: string;
  actor: string;
  now: number;
  auditId: string;
  chain: AuditChain;
}

/** The thread, its ancestors and the threads that point at it: what a plan needs to see. */
async function neighbourhood(
  db: Database,
  tenantId: string,
  ids: readonly string[],
): Promise<ThreadRecord[]> {
  const byId = new Map<string, ThreadRecord>();
  let frontier = [...ids];
  for (let depth = 0; frontier.length > 0 && depth < 20; depth++) {
    const records = await threadRecords(
      db,
      tenantId,
      frontier.filter((id) => !byId.has(id)),
    );
    for (const record of records) byId.set(record.threadId, record);
    frontier = records.map((r) => r.parentThreadId).filter((id): id is string => !!id && !byId.has(id));
  }
  for (const id of ids) {
    const pointing = await threadsLinkingTo(db, tenantId, id);
    for (const record of await threadRecords(
      db,
      tenantId,
      pointing.filter((p) => !byId.has(p)),
    )) {
      byId.set(record.threadId, record);
    }
  }
  return [...byId.values()];
}

async function saveChanged(db: Database, before: ThreadRecord[], after: ThreadRecord[], ctx: ChangeContext) {
  const old = new Map(before.map((record) => [record.threadId, JSON.stringify(record)]));
  for (const record of after) {
    if (old.get(record.threadId) !== JSON.stringify(record))
      await saveThreadLinks(db, record, ctx.actor, ctx.now);
  }
}

export async function linkThreads(
  db: Database,
  ctx: ChangeContext & { threadId: string; parentThreadId?: string; relatedThreadId?: string },
): Promise<ThreadChangeResult> {
  const other = ctx.parentThreadId ?? ctx.relatedThreadId!;
  const records = await neighbourhood(db, ctx.tenantId, [ctx.threadId, other]);
  if (!records.some((r) => r.threadId === ctx.threadId) || !records.some((r) => r.threadId === other)) {
    return {
      ok: false,
      status: 404,
      reason: `unknown thread ${records.some((r) => r.threadId === ctx.threadId) ? other : ctx.threadId}`,
    };
  }
  const linked = ctx.parentThreadId
    ? linkThreadToParent(records, ctx.threadId, ctx.parentThreadId)
    : linkRelatedThreads(records, ctx.threadId, other);
  if (!linked.ok) return { ok: false, status: 409, reason: linked.reason };
  await saveChanged(db, records, linked.threads, ctx);
  await insertAuditEntries(
    db,
    [
      {
        id: ctx.auditId,
        tenantId: ctx.tenantId,
        at: ctx.now,
        actor: ctx.actor,
        action: "thread.link",
        subjectType: "thread",
        subjectId: ctx.threadId,
        threadId: ctx.threadId,
        detail: { relation: ctx.parentThreadId ? "parent" : "related", linkedThreadId: other },
      },
    ],
    ctx.chain,
  );
  return {
    ok: true,
    threads: linked.threads.filter((r) => r.threadId === ctx.threadId || r.threadId === other),
    auditId: ctx.auditId,
  };
}

export async function mergeThreads(
  env: Pick<Env, "CONTEXT_THREAD">,
  db: Database,
  ctx: ChangeContext & { sourceThreadId: string; targetThreadId: string; reason: string },
): Promise<ThreadChangeResult> {
  const { tenantId, sourceThreadId, targetThreadId } = ctx;
  const records = await neighbourhood(db, tenantId, [sourceThreadId, targetThreadId]);
  const known = new Set(records.map((r) => r.threadId));
  if (!known.has(sourceThreadId) || !known.has(targetThreadId)) {
    return {
      ok: false,
      status: 404,
      reason: `unknown thread ${known.has(sourceThreadId) ? targetThreadId : sourceThreadId}`,
    };
  }
  const source = threadStub(env, sourceThreadId);
  const target = threadStub(env, targetThreadId);
  const [sourceAnswer, targetAnswer, sourceKeys] = await Promise.all([
    source.mergeExport(tenantId, sourceThreadId),
    target.mergeExport(tenantId, targetThreadId),
    threadKeysOf(db, tenantId, sourceThreadId),
  ]);
  // Both threads were read from this tenant's rows: a refusal here is a bug, so the merge fails whole.
  const sourceState = accepted(sourceAnswer, `thread ${sourceThreadId}`);
  const targetState = accepted(targetAnswer, `thread ${targetThreadId}`);
  const planned = planThreadMerge({
    threads: records,
    sourceThreadId,
    targetThreadId,
    source: {
      messageIds: sourceState.messages.map((m) => m.id),
      facts: sourceState.facts,
      platformKeys: sourceKeys.filter((k) => k.kind === "platform").map((k) => k.key),
      references: sourceKeys.filter((k) => k.kind === "reference").map((k) => k.key),
    },
    target: {
      messageIds: targetState.messages.map((m) => m.id),
      facts: targetState.facts,
      platformKeys: [],
      references: [],
    },
    actor: ctx.actor,
    reason: ctx.reason,
    at: ctx.now,
    auditId: ctx.auditId,
  });
  if (!planned.ok) return { ok: false, status: 409, reason: planned.reason };
  const { plan } = planned;
  const moved = sourceState.messages.filter((m) => plan.audit.movedMessageIds.includes(m.id));
  accepted(
    await target.mergeAbsorb(tenantId, targetThreadId, moved, plan.targetFacts),
    `thread ${targetThreadId}`,
  );
  await saveChanged(db, records, plan.threads, ctx);
  await recordThreadMerge(db, {
    tenantId,
    sourceThreadId,
    targetThreadId,
    actor: ctx.actor,
    reason: ctx.reason,
    auditId: ctx.auditId,
    at: ctx.now,
  });
  accepted(await source.markMerged(tenantId, sourceThreadId, targetThreadId), `thread ${sourceThreadId}`);
  const { auditId, action, actor, at, ...detail } = plan.audit;
  await insertAuditEntries(
    db,
    [
      {
        id: auditId,
        tenantId,
        at,
        actor,
        action,
        subjectType: "thread",
        subjectId: sourceThreadId,
        threadId: targetThreadId,
        detail,
      },
    ],
    ctx.chain,
  );
  return { ok: true, threads: plan.threads.filter((r) => known.has(r.threadId)), auditId };
}
