import { and, desc, eq, type SQL } from "drizzle-orm";
import type { Database } from "../client";
import { type TASK_STATUSES, tasks } from "../schema";

export type TaskRow = typeof tasks.$inferSelect;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export type NewTaskRow = typeof tasks.$inferInsert;

/** Statuses a task can still move out of: the board's "open" work. */
export const OPEN_TASK_STATUSES = ["new", "claimed", "in_progress", "blocked", "review"] as const;

export interface TaskFilter {
  status?: TaskStatus | undefined;
  ownerAgentId?: string | undefined;
  parentId?: string | undefined;
  entity?: string | undefined;
  limit: number;
}

/** Newest first. The chat `/tasks` command and the admin API both read this. */
export async function listTasks(db: Database, tenantId: string, filter: TaskFilter) {
  const where: SQL[] = [eq(tasks.tenantId, tenantId)];
  if (filter.status) where.push(eq(tasks.status, filter.status));
  if (filter.ownerAgentId) where.push(eq(tasks.ownerAgentId, filter.ownerAgentId));
  if (filter.parentId) where.push(eq(tasks.parentId, filter.parentId));
  if (filter.entity) where.push(eq(tasks.entity, filter.entity));
  return db
    .select()
    .from(tasks)
    .where(and(...where))
    .orderBy(desc(tasks.createdAt))
    .limit(filter.limit);
}

export async function getTask(db: Database, tenantId: string, taskId: string): Promise<TaskRow | null> {
  const [row] = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.tenantId, tenantId), eq(tasks.id, taskId)))
    .limit(1);
  return row ?? null;
}

/** Inserts once: the id is derived from what created the task, so a retry finds its own row. */
export async function insertTask(db: Database, row: NewTaskRow): Promise<TaskRow | null> {
  await db.insert(tasks).values(row).onConflictDoNothing();
  return getTask(db, row.tenantId, row.id);
}
