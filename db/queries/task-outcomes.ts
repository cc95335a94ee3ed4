/**
 * Reflection records: one row per agent cycle, and one per worked task for the router's
 * success statistics per (task type, tier).
 */
import { and, desc, eq, gte, sql } from "drizzle-orm";
import type { Database } from "../client";
import { costLedger } from "../schema";
import { agentCycles, taskOutcomeStats, taskOutcomes } from "../schema-tasks";

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

/**
 * Success counts and spend per (task type, tier): what the router reads to pick a tier, on every
 * turn. Read from the running totals in `task_outcome_stats` (kept by a trigger on insert into
 * `task_outcomes`), so the cost is one small row per pair, not a scan of the tenant's history.
 */
export async function taskOutcomeStatistics(db: Database, tenantId: string): Promise<TaskTypeStatistics[]> {
  return db
    .select({
      taskType: taskOutcomeStats.taskType,
      tier: taskOutcomeStats.tier,
      attempts: taskOutcomeStats.attempts,
      successes: taskOutcomeStats.successes,
      costMicros: taskOutcomeStats.costMicros,
    })
    .from(taskOutcomeStats)
    .where(eq(taskOutcomeStats.tenantId, tenantId));
}

/** This agent's latest worked tasks, newest first: what the next cycle's plan learns from. */
export async function recentTaskOutcomes(db: Database, tenantId: string, agentId: string, limit: number) {
  return db
    .select()
    .from(taskOutcomes)
    .where(and(eq(taskOutcomes.tenantId, tenantId), eq(taskOutcomes.agentId, agentId)))
    .orderBy(desc(taskOutcomes.at))
    .limit(limit);
}

/**
 * What the model calls of one task turn cost and the highest tier they reached, read back from
 * the ledger and the router's per-call outcomes (both keyed by the turn's thread).
 */
export async function turnSpend(db: Database, tenantId: string, threadId: string, since: number) {
  const [cost] = await db
    .select({ micros: sql<number>`coalesce(sum(${costLedger.costMicros}), 0)` })
    .from(costLedger)
    .where(
      and(eq(costLedger.tenantId, tenantId), eq(costLedger.threadId, threadId), gte(costLedger.at, since)),
    );
  const [tier] = await db
    .select({ tier: sql<string | null>`max(${taskOutcomes.tier})` })
    .from(taskOutcomes)
    .where(
      and(
        eq(taskOutcomes.tenantId, tenantId),
        eq(taskOutcomes.cycleId, threadId),
        gte(taskOutcomes.at, since),
      ),
    );
  return { costMicros: Number(cost?.micros ?? 0), tier: tier?.tier ?? null };
}
