import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../client";
import { type TASK_STATUSES, tasks } from "../schema";

export async function listTasks(
  db: Database,
  tenantId: string,
  filter: { status?: (typeof TASK_STATUSES)[number] | undefined; limit: number },
) {
  const where = filter.status
    ? and(eq(tasks.tenantId, tenantId), eq(tasks.status, filter.status))
    : eq(tasks.tenantId, tenantId);
  return db.select().from(tasks).where(where).orderBy(desc(tasks.createdAt)).limit(filter.limit);
}
