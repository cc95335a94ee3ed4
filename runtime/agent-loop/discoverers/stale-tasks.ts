/** Open tasks nobody has moved for a while: a follow-up task, child of the stale one. */
import { and, asc, eq, inArray, lt, ne } from "drizzle-orm";
import { OPEN_TASK_STATUSES } from "../../../db/queries/tasks";
import { tasks } from "../../../db/schema";
import { parseDurationMs } from "../../../kernel/agents/duration";
import type { Discoverer } from "./types";

export const STALE_TASK_TYPE = "stale_task";

export const discoverStaleTasks: Discoverer<"stale_tasks"> = async (source, context) => {
  const olderThan = parseDurationMs(source.older_than) ?? 0;
  const rows = await context.db
    .select()
    .from(tasks)
    .where(
      and(
        eq(tasks.tenantId, context.tenantId),
        inArray(tasks.status, [...OPEN_TASK_STATUSES]),
        lt(tasks.updatedAt, context.now - olderThan),
        // A follow-up going stale is not itself followed up: that way lies an endless chain.
        ne(tasks.taskType, STALE_TASK_TYPE),
      ),
    )
    .orderBy(asc(tasks.updatedAt))
    .limit(50);
  return rows.map((task) => ({
    source: "stale_tasks",
    entity: `task:${task.id}`,
    key: `stale:${task.id}`,
    text: `Task "${task.title}" (${task.status}) has not moved since ${new Date(task.updatedAt).toISOString()}`,
    title: `Follow up stale task: ${task.title}`,
    taskType: STALE_TASK_TYPE,
    priority: Math.max(1, task.priority - 1),
    parentId: task.id,
  }));
};
