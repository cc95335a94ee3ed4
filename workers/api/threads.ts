/**
 * /api/threads: list threads; show one with its summary, facts, agents, open tasks and proposals
 * and linked threads; link a thread to a parent or a related thread; merge one thread into another.
 * Links and merges are audited (`thread.link`, `thread.merge`).
 */
import { z } from "zod";
import { database } from "../../db/client";
import { openProposalsOfThread, openTasksOfThread } from "../../db/queries/context-memory";
import { threadKeysOf, threadRecords, threadsLinkingTo } from "../../db/queries/context-threads";
import { getThreadRow, listThreads } from "../../db/queries/threads";
import { threadStub } from "../../durable-objects/stubs";
import { auditWriter } from "../../kernel/audit/chain";
import { systemClock } from "../../kernel/clock";
import { createIdSource } from "../../kernel/ids";
import { isRefusal } from "../../kernel/refusal";
import { auditChain } from "../../runtime/audit-chain";
import { linkThreads, mergeThreads } from "../../runtime/threads/thread-merge";
import { errorResponse } from "../errors";
import { apiRouter, LimitSchema, parseJsonBody, parseQuery } from "./request";

const ids = createIdSource(systemClock);
const THREAD_KINDS = ["conversation", "client", "invoice", "project"] as const;
const ThreadQuery = z.object({ limit: LimitSchema, kind: z.enum(THREAD_KINDS).optional() }).strict();
const ThreadIdSchema = z.string().min(3).max(300);
const LinkBody = z
  .object({ parentThreadId: ThreadIdSchema.optional(), relatedThreadId: ThreadIdSchema.optional() })
  .strict()
  .refine((body) => (body.parentThreadId === undefined) !== (body.relatedThreadId === undefined), {
    message: "give exactly one of parentThreadId and relatedThreadId",
    path: ["parentThreadId"],
  });
const MergeBody = z
  .object({ intoThreadId: ThreadIdSchema, reason: z.string().trim().min(1).max(500) })
  .strict();

export const threadRoutes = apiRouter()
  .get("/", async (c) => {
    const query = parseQuery(c, ThreadQuery);
    if (!query.ok) return query.response;
    const db = database(c.env.DB);
    return c.json({ threads: await listThreads(db, c.var.tenantId, query.data.limit, query.data.kind) });
  })
  .get("/:id", async (c) => {
    const tenantId = c.var.tenantId;
    const threadId = c.req.param("id");
    const db = database(c.env.DB);
    const row = await getThreadRow(db, tenantId, threadId);
    if (!row) return errorResponse(c, 404, "no such thread", "id");
    const [[record], children, keys, tasks, proposals, memory] = await Promise.all([
      threadRecords(db, tenantId, [threadId]),
      threadsLinkingTo(db, tenantId, threadId),
      threadKeysOf(db, tenantId, threadId),
      openTasksOfThread(db, tenantId, threadId),
      openProposalsOfThread(db, tenantId, threadId),
      threadStub(c.env, threadId).snapshot(tenantId, threadId),
    ]);
    if (isRefusal(memory)) return errorResponse(c, 409, memory.refused, "id");
    return c.json({
      thread: {
        ...row,
        entityId: record?.entityId ?? null,
        status: record?.status ?? "open",
        mergedInto: record?.mergedInto ?? null,
      },
      links: {
        parent: record?.parentThreadId ?? null,
        related: record?.linkedThreadIds ?? [],
        children: children.filter((id) => !(record?.linkedThreadIds ?? []).includes(id)),
      },
      keys,
      summary: memory.summary ?? null,
      facts: memory.facts,
      agents: memory.agents,
      handoffs: memory.handoffs,
      recentMessages: memory.recentMessages,
      lastContext: memory.lastContext ?? null,
      tasks,
      proposals,
    });
  })
  .post("/:id/links", async (c) => {
    const body = await parseJsonBody(c, LinkBody);
    if (!body.ok) return body.response;
    const result = await linkThreads(database(c.env.DB), {
      tenantId: c.var.tenantId,
      threadId: c.req.param("id"),
      ...body.data,
      actor: c.var.actor,
      now: Date.now(),
      auditId: ids.next("aud"),
      chain: auditChain(c.env, c.var.tenantId, auditWriter.api),
    });
    if (!result.ok) return errorResponse(c, result.status, result.reason);
    return c.json(result, 201);
  })
  .post("/:id/merge", async (c) => {
    const body = await parseJsonBody(c, MergeBody);
    if (!body.ok) return body.response;
    const result = await mergeThreads(c.env, database(c.env.DB), {
      tenantId: c.var.tenantId,
      sourceThreadId: c.req.param("id"),
      targetThreadId: body.data.intoThreadId,
      reason: body.data.reason,
      actor: c.var.actor,
      now: Date.now(),
      auditId: ids.next("aud"),
      chain: auditChain(c.env, c.var.tenantId, auditWriter.api),
    });
    if (!result.ok) return errorResponse(c, result.status, result.reason);
    return c.json(result);
  });
