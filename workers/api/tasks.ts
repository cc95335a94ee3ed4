/**
 * The task board in the admin API: list and filter, create (deduplicated through the tenant's
 * coordinator: a duplicate is merged into the open task as a comment, with the reason), claim
 * with a lease, hand off with a note, comment, transition; plus the findings of discovery with
 * their dedup verdicts and the per-task-type outcome statistics.
 */

import type { Context } from "hono";
import { z } from "zod";
import { database } from "../../db/client";
import { listFindings } from "../../db/queries/findings";
import {
  addTaskComment,
  claimTask,
  handOffTask,
  listTaskComments,
  type MoveResult,
  transitionTask,
} from "../../db/queries/task-board";
import { taskOutcomeStatistics } from "../../db/queries/task-outcomes";
import { getTask, listTasks, OPEN_TASK_STATUSES } from "../../db/queries/tasks";
import { TASK_STATUSES } from "../../db/schema";
import { FINDING_VERDICTS } from "../../db/schema-tasks";
import { systemClock } from "../../kernel/clock";
import { sha256Hex } from "../../kernel/digest";
import { createIdSource } from "../../kernel/ids";
import { closeTaskForDedupIn, fileTask } from "../../runtime/tenant-coordination";
import { errorResponse } from "../errors";
import { type ApiEnv, apiRouter, ID_PATTERN, LimitSchema, parseJsonBody, parseQuery } from "./request";

const ids = createIdSource(systemClock);
const slug = z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/, "must be an agent id (lower-case slug)");
const taskId = z.string().regex(ID_PATTERN, "must be a task id such as task_1a2b");

const TaskQuery = z
  .object({
    limit: LimitSchema,
    status: z.enum(TASK_STATUSES).optional(),
    owner: slug.optional(),
    parent: taskId.optional(),
    entity: z.string().min(1).max(200).optional(),
  })
  .strict();

const FindingQuery = z
  .object({ limit: LimitSchema, verdict: z.enum(FINDING_VERDICTS).optional(), agent: slug.optional() })
  .strict();

const CreateTask = z.strictObject({
  title: z.string().trim().min(1).max(300),
  description: z.string().max(4000).optional(),
  type: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,62}$/, "must be a lower-case task type")
    .default("general"),
  entity: z.string().min(1).max(200).optional(),
  key: z.string().min(1).max(200).optional(),
  priority: z.int().min(1).max(5).default(3),
  owner: slug.optional(),
  parentId: taskId.optional(),
  dueAt: z.int().positive().optional(),
  /** The same key twice files the task once (a retried request). */
  idempotencyKey: z.string().min(1).max(200).optional(),
});

const Claim = z.strictObject({ agent: slug, leaseSeconds: z.int().min(30).max(86_400).default(1800) });
const HandOff = z.strictObject({ to: slug, note: z.string().trim().min(1).max(2000) });
const Comment = z.strictObject({ body: z.string().trim().min(1).max(4000) });
const Transition = z.strictObject({ to: z.enum(TASK_STATUSES), note: z.string().max(2000).optional() });

function idParam(c: Context<ApiEnv>): string | Response {
  const id = c.req.param("id") ?? "";
  return taskId.safeParse(id).success
    ? id
    : // An id that cannot be a task's names no task of this tenant: the same 404 as an unknown one.
      errorResponse(c, 404, `task ${id} not found`);
}

function moved(c: Context<ApiEnv>, result: MoveResult) {
  return result.ok
    ? c.json({ task: result.task })
    : c.json({ error: result.error, task: result.task ?? null }, result.status);
}

export const taskRoutes = apiRouter()
  .get("/", async (c) => {
    const query = parseQuery(c, TaskQuery);
    if (!query.ok) return query.response;
    const { owner, parent, ...rest } = query.data;
    return c.json({
      tasks: await listTasks(database(c.env.DB), c.var.tenantId, {
        ...rest,
        ownerAgentId: owner,
        parentId: parent,
      }),
    });
  })
  .get("/findings", async (c) => {
    const query = parseQuery(c, FindingQuery);
    if (!query.ok) return query.response;
    const { agent, ...rest } = query.data;
    return c.json({
      findings: await listFindings(database(c.env.DB), c.var.tenantId, { ...rest, agentId: agent }),
    });
  })
  .get("/statistics", async (c) =>
    c.json({ outcomes: await taskOutcomeStatistics(database(c.env.DB), c.var.tenantId) }),
  )
  .post("/", async (c) => {
    const body = await parseJsonBody(c, CreateTask);
    if (!body.ok) return body.response;
    const input = body.data;
    const db = database(c.env.DB);
    if (input.parentId && !(await getTask(db, c.var.tenantId, input.parentId))) {
      return errorResponse(c, 400, `invalid parentId: task ${input.parentId} not found`, "parentId");
    }
    const id = input.idempotencyKey
      ? `task_${(await sha256Hex(`${c.var.tenantId}\napi\n${input.idempotencyKey}`)).slice(0, 24)}`
      : ids.next("task");
    const filed = await fileTask(c.env, {
      tenantId: c.var.tenantId,
      id,
      title: input.title,
      description: input.description,
      taskType: input.type,
      entity: input.entity,
      dedupKey: input.key,
      priority: input.priority,
      ownerAgentId: input.owner,
      parentId: input.parentId,
      dueAt: input.dueAt,
      createdBy: c.var.actor,
      at: systemClock.now(),
    });
    const task = await getTask(db, c.var.tenantId, filed.taskId);
    return c.json({ merged: !filed.created, reason: filed.verdict.reason, task }, filed.created ? 201 : 200);
  })
  .get("/:id", async (c) => {
    const id = idParam(c);
    if (id instanceof Response) return id;
    const db = database(c.env.DB);
    const task = await getTask(db, c.var.tenantId, id);
    if (!task) return errorResponse(c, 404, `task ${id} not found`);
    const comments = await listTaskComments(db, c.var.tenantId, id);
    const children = await listTasks(db, c.var.tenantId, { parentId: id, limit: 100 });
    return c.json({ task, comments, children });
  })
  .post("/:id/claim", async (c) => {
    const id = idParam(c);
    if (id instanceof Response) return id;
    const body = await parseJsonBody(c, Claim);
    if (!body.ok) return body.response;
    const db = database(c.env.DB);
    const now = systemClock.now();
    const task = await claimTask(db, {
      tenantId: c.var.tenantId,
      taskId: id,
      agentId: body.data.agent,
      now,
      leaseMs: body.data.leaseSeconds * 1000,
    });
    if (task) return c.json({ task });
    const current = await getTask(db, c.var.tenantId, id);
    if (!current) return errorResponse(c, 404, `task ${id} not found`);
    const why = current.leaseOwner
      ? `leased to ${current.leaseOwner} until ${new Date(current.leaseExpiresAt ?? 0).toISOString()}`
      : `${current.status}`;
    return c.json({ error: `task ${id} cannot be claimed: it is ${why}`, task: current }, 409);
  })
  .post("/:id/handoff", async (c) => {
    const id = idParam(c);
    if (id instanceof Response) return id;
    const body = await parseJsonBody(c, HandOff);
    if (!body.ok) return body.response;
    const now = systemClock.now();
    const result = await handOffTask(database(c.env.DB), {
      tenantId: c.var.tenantId,
      taskId: id,
      toAgentId: body.data.to,
      note: body.data.note,
      actor: c.var.actor,
      now,
      commentId: ids.next("cmt"),
    });
    return moved(c, result);
  })
  .post("/:id/comments", async (c) => {
    const id = idParam(c);
    if (id instanceof Response) return id;
    const body = await parseJsonBody(c, Comment);
    if (!body.ok) return body.response;
    const db = database(c.env.DB);
    if (!(await getTask(db, c.var.tenantId, id))) return errorResponse(c, 404, `task ${id} not found`);
    const comment = {
      id: ids.next("cmt"),
      tenantId: c.var.tenantId,
      taskId: id,
      author: c.var.actor,
      kind: "comment" as const,
      body: body.data.body,
      at: systemClock.now(),
    };
    await addTaskComment(db, comment);
    return c.json({ comment }, 201);
  })
  .post("/:id/transition", async (c) => {
    const id = idParam(c);
    if (id instanceof Response) return id;
    const body = await parseJsonBody(c, Transition);
    if (!body.ok) return body.response;
    const result = await transitionTask(database(c.env.DB), {
      tenantId: c.var.tenantId,
      taskId: id,
      to: body.data.to,
      actor: c.var.actor,
      now: systemClock.now(),
      note: body.data.note,
      commentId: ids.next("cmt"),
    });
    // A finished task stops absorbing duplicates: the same work may come back later.
    if (result.ok && !(OPEN_TASK_STATUSES as readonly string[]).includes(result.task.status)) {
      await closeTaskForDedupIn(c.env, c.var.tenantId, id);
    }
    return moved(c, result);
  });
