/**
 * The task writes agents' actions make (update, close, and the inverse of create), each returning
 * what it replaced so the action's inverse can put it back. Creating a task goes through the
 * Tenant Durable Object's fileTask (dedup). The task board's own queries live in tasks.ts.
 */
import { and, eq } from "drizzle-orm";
import type { Database } from "../client";
import { type TASK_STATUSES, tasks } from "../schema";
import { updateTaskAtVersion } from "./task-board";

export type TaskActionRow = typeof tasks.$inferSelect;
type TaskStatus = (typeof TASK_STATUSES)[number];

export async function findTask(db: Database, tenantId: string, id: string) {
  const [row] = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.tenantId, tenantId), eq(tasks.id, id)))
    .limit(1);
  return row ?? null;
}

export interface TaskRowChanges {
  title?: string | undefined;
  description?: string | undefined;
  priority?: number | undefined;
  status?: TaskStatus | undefined;
  ownerAgentId?: string | null | undefined;
}

/** Applies the changes if the task is still at `version`; null when it moved meanwhile. */
export async function changeTask(
  db: Database,
  tenantId: string,
  id: string,
  version: number,
  changes: TaskRowChanges,
  now: number,
) {
  const set = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
  return updateTaskAtVersion(db, { tenantId, id, version }, set, now);
}

/** Removes a task an action created (the inverse of create); only while nobody else touched it. */
export async function deleteCreatedTask(db: Database, tenantId: string, id: string, version: number) {
  const deleted = await db
    .delete(tasks)
    .where(and(eq(tasks.tenantId, tenantId), eq(tasks.id, id), eq(tasks.version, version)))
    .returning({ id: tasks.id });
  return deleted.length > 0;
}
