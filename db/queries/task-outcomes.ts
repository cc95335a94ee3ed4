/**
 * Reflection records: one row per agent cycle, and one per worked task for the router's
 * success statistics per (task type, tier).
 */
import { and, desc, eq, sql } from "drizzle-orm";
import type { Database } from "../client";
import { agentCycles, taskOutcomes } from "../schema-tasks";

export type CycleRow = typeof agentCycles.$inferSelect;
export type TaskOutcomeRow = typeof taskOutcomes.$inferSelect;

/** The cycle id is the primary key: a re-delivered alarm's second record is ignored. */
export async function recordCycle(db: Database, row: CycleRow): Promise<void> {
  await db.insert(agentCycles).values(row).onConflictDoNothing();
}

export async function recentCycles(db: Database, tenantId: string, agentId: string, limit: number) {
  return db
    .select()
    .from(agentCycles)
    .where(and(eq(agentCycles.tenantId, tenantId), eq(agentCycles.agentId, agentId)))
    .orderBy(desc(agentCycles.slot))
    .limit(limit);
}

export async function recordTaskOutcome(db: Database, row: TaskOutcomeRow): Promise<void> {
  await db.insert(taskOutcomes).values(row).onConflictDoNothing();
}

export interface TaskTypeStatistics {
  taskType: string;
  tier: string;
  attempts: number;
  successes: number;
  costMicros: number;
}

/** Success counts and spend per (task type, tier): what the router reads to pick a tier. */
export async function taskOutcomeStatistics(db: Database, tenantId: string): Promise<TaskTypeStatistics[]> {
  return db
    .select({
      taskType: taskOutcomes.taskType,
      tier: taskOutcomes.tier,
      attempts: sql<number>`count(*)`,
      successes: sql<number>`sum(${taskOutcomes.success})`,
      costMicros: sql<number>`sum(${taskOutcomes.costMicros})`,
    })
    .from(taskOutcomes)
    .where(eq(taskOutcomes.tenantId, tenantId))
    .groupBy(taskOutcomes.taskType, taskOutcomes.tier);
}
