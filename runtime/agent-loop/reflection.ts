/**
 * Reflection: each cycle ends with an outcome record (what was attempted, what worked, what
 * failed, what it cost) and, for a worked task, a task_outcomes row for the router's statistics.
 * The next cycle's plan reads them back: a task type this agent keeps failing goes to the back
 * of its queue, so one poisonous task does not eat every cycle.
 */
import type { Database } from "../../db/client";
import {
  type CycleRow,
  recentTaskOutcomes,
  recordCycle,
  recordTaskOutcome,
} from "../../db/queries/task-outcomes";
import type { WorkResult } from "./act";

const LOOKBACK = 10;
const FAILURES_TO_AVOID = 2;

export interface CyclePlan {
  avoidTypes: string[];
  note: string;
}

export async function planFromReflections(
  db: Database,
  tenantId: string,
  agentId: string,
): Promise<CyclePlan> {
  const outcomes = await recentTaskOutcomes(db, tenantId, agentId, LOOKBACK);
  const byType = new Map<string, { failures: number; successes: number }>();
  for (const outcome of outcomes) {
    const tally = byType.get(outcome.taskType) ?? { failures: 0, successes: 0 };
    if (outcome.success) tally.successes++;
    else tally.failures++;
    byType.set(outcome.taskType, tally);
  }
  const avoidTypes = [...byType]
    .filter(([, tally]) => tally.failures >= FAILURES_TO_AVOID && tally.successes === 0)
    .map(([type]) => type);
  return {
    avoidTypes,
    note: avoidTypes.length ? `deprioritised after repeated failures: ${avoidTypes.join(", ")}` : "",
  };
}

export interface CycleSummary {
  tenantId: string;
  agentId: string;
  cycleId: string;
  slot: number;
  coalescedSlots: number;
  startedAt: number;
  finishedAt: number;
  discovered: number;
  suppressed: number;
  tasksCreated: number;
  tasksMerged: number;
  claimedTaskId: string | null;
  claimedTaskType: string | null;
  work: WorkResult | null;
  notes: string[];
}

export function reflect(summary: CycleSummary): CycleRow {
  const found = `found ${summary.discovered} (${summary.suppressed} already reported), filed ${summary.tasksCreated} task(s), merged ${summary.tasksMerged}`;
  const work = summary.work;
  return {
    id: summary.cycleId,
    tenantId: summary.tenantId,
    agentId: summary.agentId,
    slot: summary.slot,
    coalescedSlots: summary.coalescedSlots,
    startedAt: summary.startedAt,
    finishedAt: summary.finishedAt,
    discovered: summary.discovered,
    suppressed: summary.suppressed,
    tasksCreated: summary.tasksCreated,
    tasksMerged: summary.tasksMerged,
    claimedTaskId: summary.claimedTaskId,
    outcome: work ? work.outcome : "idle",
    attempted: [found, summary.claimedTaskId ? `claimed ${summary.claimedTaskId}` : "no task to claim"].join(
      "; ",
    ),
    worked: work?.outcome === "worked" ? work.summary : "",
    failed: [work?.outcome === "failed" ? work.summary : "", ...summary.notes].filter(Boolean).join("; "),
    costMicros: work?.costMicros ?? 0,
  };
}

/** Written last: the cycle row's key is the cycle id, the outcome's the (cycle, task) pair. */
export async function recordReflection(db: Database, summary: CycleSummary): Promise<CycleRow> {
  const row = reflect(summary);
  if (summary.work && summary.claimedTaskId) {
    await recordTaskOutcome(db, {
      id: `out_${summary.cycleId}`,
      tenantId: summary.tenantId,
      taskType: summary.claimedTaskType ?? "general",
      tier: summary.work.tier,
      success: summary.work.outcome === "worked",
      costMicros: summary.work.costMicros,
      agentId: summary.agentId,
      taskId: summary.claimedTaskId,
      cycleId: summary.cycleId,
      at: summary.finishedAt,
    });
  }
  await recordCycle(db, row);
  return row;
}
