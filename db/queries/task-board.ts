/**
 * The task board's moves: claim with a lease, release of expired leases, hand-off with a note,
 * and status transitions. Each move is one conditional UPDATE on the row (status, lease and
 * version in the WHERE clause), so two agents racing for a task are arbitrated by D1 itself:
 * exactly one UPDATE matches, the other changes nothing and is told so.
 */
import { and, asc, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Database } from "../client";
import { tasks } from "../schema";
import { type TASK_COMMENT_KINDS, taskComments } from "../schema-tasks";
import { getTask, type TaskRow, type TaskStatus } from "./tasks";

/** Where each status may go. done, failed and cancelled are final. */
export const TASK_TRANSITIONS: Record<TaskStatus, readonly TaskStatus[]> = {
  new: ["claimed", "cancelled"],
  claimed: ["in_progress", "new", "blocked", "review", "done", "failed", "cancelled"],
  in_progress: ["blocked", "review", "done", "failed", "cancelled", "new"],
  blocked: ["in_progress", "new", "cancelled"],
  review: ["done", "in_progress", "failed", "cancelled"],
  done: [],
  failed: [],
  cancelled: [],
};

const LEASED = ["claimed", "in_progress"] as const;

export type TaskCommentKind = (typeof TASK_COMMENT_KINDS)[number];

export interface TaskCommentInput {
  id: string;
  tenantId: string;
  taskId: string;
  author: string;
  kind: TaskCommentKind;
  body: string;
  at: number;
}

/** Keyed by the side effect that wrote it: a retried merge or turn adds no second comment. */
export async function addTaskComment(db: Database, comment: TaskCommentInput): Promise<void> {
  await db.insert(taskComments).values(comment).onConflictDoNothing();
}

export async function listTaskComments(db: Database, tenantId: string, taskId: string, limit = 200) {
  return db
    .select()
    .from(taskComments)
    .where(and(eq(taskComments.tenantId, tenantId), eq(taskComments.taskId, taskId)))
    .orderBy(asc(taskComments.at), asc(taskComments.id))
    .limit(limit);
}

export interface ClaimRequest {
  tenantId: string;
  taskId: string;
  agentId: string;
  now: number;
  leaseMs: number;
}

/**
 * Claims a task that is new, or whose lease has expired, or renews the caller's own lease.
 * Returns the claimed row, or null when another agent holds it or it is finished.
 */
export async function claimTask(db: Database, request: ClaimRequest): Promise<TaskRow | null> {
  const { tenantId, taskId, agentId, now, leaseMs } = request;
  const claimable = or(
    eq(tasks.status, "new"),
    and(inArray(tasks.status, LEASED), or(lte(tasks.leaseExpiresAt, now), eq(tasks.leaseOwner, agentId))),
  );
  const [row] = await db
    .update(tasks)
    .set({
      status: sql`CASE WHEN ${tasks.status} = 'in_progress' AND ${tasks.leaseOwner} = ${agentId} THEN 'in_progress' ELSE 'claimed' END`,
      leaseOwner: agentId,
      leaseExpiresAt: now + leaseMs,
      ownerAgentId: agentId,
      version: sql`${tasks.version} + 1`,
      updatedAt: now,
    })
    .where(and(eq(tasks.tenantId, tenantId), eq(tasks.id, taskId), claimable))
    .returning();
  return row ?? null;
}

/**
 * Claims the most urgent task this agent may take: unowned or its own, new or with an expired
 * lease; highest priority (lowest number) first, oldest first. Tries a few in case of a race.
 */
export async function claimNextTask(
  db: Database,
  request: Omit<ClaimRequest, "taskId"> & { avoidTypes?: readonly string[] },
): Promise<TaskRow | null> {
  const { tenantId, agentId, now } = request;
  const available = or(
    eq(tasks.status, "new"),
    and(inArray(tasks.status, LEASED), lte(tasks.leaseExpiresAt, now)),
  );
  const candidates = await db
    .select()
    .from(tasks)
    .where(
      and(
        eq(tasks.tenantId, tenantId),
        available,
        or(isNull(tasks.ownerAgentId), eq(tasks.ownerAgentId, agentId)),
      ),
    )
    .orderBy(asc(tasks.priority), asc(tasks.createdAt))
    .limit(20);
  const avoid = new Set(request.avoidTypes ?? []);
  // Types that kept failing go last, not never: the work still has to be done by someone.
  const ordered = [
    ...candidates.filter((t) => !avoid.has(t.taskType)),
    ...candidates.filter((t) => avoid.has(t.taskType)),
  ];
  for (const candidate of ordered.slice(0, 5)) {
    const claimed = await claimTask(db, { ...request, taskId: candidate.id });
    if (claimed) return claimed;
  }
  return null;
}

/** A crashed agent's task goes back to the pool once its lease has expired. Returns the ids. */
export async function returnExpiredLeases(db: Database, tenantId: string, now: number): Promise<string[]> {
  const rows = await db
    .update(tasks)
    .set({
      status: "new",
      leaseOwner: null,
      leaseExpiresAt: null,
      version: sql`${tasks.version} + 1`,
      updatedAt: now,
    })
    .where(and(eq(tasks.tenantId, tenantId), inArray(tasks.status, LEASED), lte(tasks.leaseExpiresAt, now)))
    .returning({ id: tasks.id });
  return rows.map((row) => row.id);
}

/**
 * Optimistic concurrency for every task change: the update applies only if the task is still at
 * the version that was read, and bumps it. Null when someone else moved the task meanwhile.
 */
export async function updateTaskAtVersion(
  db: Database,
  task: Pick<TaskRow, "tenantId" | "id" | "version">,
  changes: Partial<Omit<typeof tasks.$inferInsert, "tenantId" | "id" | "version" | "updatedAt">>,
  now: number,
): Promise<TaskRow | null> {
  const [row] = await db
    .update(tasks)
    .set({ ...changes, version: task.version + 1, updatedAt: now })
    .where(and(eq(tasks.tenantId, task.tenantId), eq(tasks.id, task.id), eq(tasks.version, task.version)))
    .returning();
  return row ?? null;
}

export type MoveResult =
  | { ok: true; task: TaskRow }
  | { ok: false; status: 404 | 409; error: string; task?: TaskRow };

export interface TransitionRequest {
  tenantId: string;
  taskId: string;
  to: TaskStatus;
  actor: string;
  now: number;
  note?: string | undefined;
  commentId: string;
  /** When set, only an agent holding the lease may move a leased task. */
  leaseHolder?: string | undefined;
}

/** Moves a task along `TASK_TRANSITIONS`; leaving claimed/in_progress drops the lease. */
export async function transitionTask(db: Database, request: TransitionRequest): Promise<MoveResult> {
  const current = await getTask(db, request.tenantId, request.taskId);
  if (!current) return { ok: false, status: 404, error: `task ${request.taskId} not found` };
  if (!TASK_TRANSITIONS[current.status].includes(request.to)) {
    return {
      ok: false,
      status: 409,
      error: `a ${current.status} task cannot become ${request.to}`,
      task: current,
    };
  }
  if (request.leaseHolder && current.leaseOwner && current.leaseOwner !== request.leaseHolder) {
    return {
      ok: false,
      status: 409,
      error: `task ${current.id} is leased to ${current.leaseOwner}`,
      task: current,
    };
  }
  const keepsLease = (LEASED as readonly string[]).includes(request.to);
  const row = await updateTaskAtVersion(
    db,
    current,
    {
      status: request.to,
      leaseOwner: keepsLease ? current.leaseOwner : null,
      leaseExpiresAt: keepsLease ? current.leaseExpiresAt : null,
    },
    request.now,
  );
  if (!row) return { ok: false, status: 409, error: `task ${current.id} changed meanwhile; read it again` };
  await addTaskComment(db, {
    id: request.commentId,
    tenantId: request.tenantId,
    taskId: request.taskId,
    author: request.actor,
    kind: "transition",
    body: `${current.status} → ${request.to}${request.note ? `: ${request.note}` : ""}`,
    at: request.now,
  });
  return { ok: true, task: row };
}

export interface HandOffRequest {
  tenantId: string;
  taskId: string;
  toAgentId: string;
  note: string;
  actor: string;
  now: number;
  commentId: string;
}

/** Gives an unfinished task to another agent with a note: back to new, owned by them, lease dropped. */
export async function handOffTask(db: Database, request: HandOffRequest): Promise<MoveResult> {
  const current = await getTask(db, request.tenantId, request.taskId);
  if (!current) return { ok: false, status: 404, error: `task ${request.taskId} not found` };
  if (TASK_TRANSITIONS[current.status].length === 0) {
    return { ok: false, status: 409, error: `a ${current.status} task cannot be handed off`, task: current };
  }
  const row = await updateTaskAtVersion(
    db,
    current,
    {
      status: "new",
      ownerAgentId: request.toAgentId,
      leaseOwner: null,
      leaseExpiresAt: null,
      handoffNote: request.note,
    },
    request.now,
  );
  if (!row) return { ok: false, status: 409, error: `task ${current.id} changed meanwhile; read it again` };
  await addTaskComment(db, {
    id: request.commentId,
    tenantId: request.tenantId,
    taskId: request.taskId,
    author: request.actor,
    kind: "handoff",
    body: `handed to ${request.toAgentId}${current.ownerAgentId ? ` by ${current.ownerAgentId}` : ""}: ${request.note}`,
    at: request.now,
  });
  return { ok: true, task: row };
}
