/**
 * "A tenant's day": the routing benchmark weighted by how often each kind of task occurs, from
 * bench/data/routing-workload.json. The weights are per (role, label tier) — the kind of task in
 * the labelling rubric — and never depend on what the router chose. Each cell's daily count is
 * spread evenly over the labelled tasks of that role and tier.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import type { TierTable } from "../kernel/routing/tier-table";
import type { Tier } from "../kernel/routing/types";
import {
  cascadeCost,
  compareCosts,
  costAtTier,
  type LabelledTask,
  type RoutingCosts,
} from "./routing-metrics";

const componentSchema = z
  .object({
    kind: z.string().min(1),
    source: z.enum(["scheduled", "people"]),
    perDay: z.number().nonnegative(),
    why: z.string().min(1),
  })
  .strict();

const workloadSchema = z
  .object({
    description: z.string(),
    source: z.record(z.string(), z.string()),
    roles: z.record(
      z.string(),
      z
        .object({
          schedule: z.string(),
          tiers: z.record(z.enum(["0", "1", "2", "3", "4"]), z.array(componentSchema)),
        })
        .strict(),
    ),
  })
  .strict();

export type RoutingWorkload = z.infer<typeof workloadSchema>;
export type WorkloadSource = "scheduled" | "people";

export function loadWorkload(file: string): RoutingWorkload {
  return workloadSchema.parse(JSON.parse(readFileSync(file, "utf8")));
}

/** Tasks per day of one role and label tier, counting only the given sources. */
export function perDay(
  workload: RoutingWorkload,
  role: string,
  tier: Tier,
  sources: readonly WorkloadSource[],
) {
  const cell = workload.roles[role]?.tiers[String(tier) as "0"] ?? [];
  return cell.filter((item) => sources.includes(item.source)).reduce((sum, item) => sum + item.perDay, 0);
}

export interface WorkloadMetrics {
  tasksPerDay: number;
  /** Tasks per day by label tier T0–T4. */
  tasksPerDayByTier: number[];
  costPerDayMicros: RoutingCosts;
  savingsVsAlwaysT4: Omit<RoutingCosts, "alwaysT4">;
  routerCostVsOracle: number;
  /** Share of the day's tasks the router sent below / above their label. */
  underRoutingRate: number;
  overRoutingRate: number;
  underRoutedPerDay: number;
  /** Daily work of (role, tier) cells with no labelled task in this subset: left out of the totals. */
  tasksPerDayNotCovered: number;
}

/**
 * Weights `tasks` by the workload and totals a day. A (role, tier) cell with daily work but no
 * labelled task is an error for the whole set (its weight would silently vanish); for a split
 * (`partial`), it is left out and reported as `tasksPerDayNotCovered`.
 */
export function workloadMetrics(
  table: TierTable,
  workload: RoutingWorkload,
  tasks: LabelledTask[],
  options: { sources?: readonly WorkloadSource[]; partial?: boolean } = {},
): WorkloadMetrics {
  const sources = options.sources ?? ["scheduled", "people"];
  let tasksPerDayNotCovered = 0;
  const cellSize = new Map<string, number>();
  for (const task of tasks)
    cellSize.set(`${task.role}/${task.label}`, (cellSize.get(`${task.role}/${task.label}`) ?? 0) + 1);
  for (const role of Object.keys(workload.roles)) {
    for (const tier of [0, 1, 2, 3, 4] as Tier[]) {
      const daily = perDay(workload, role, tier, sources);
      if (daily === 0 || cellSize.has(`${role}/${tier}`)) continue;
      if (!options.partial) throw new Error(`workload has ${role} T${tier} tasks but the task set has none`);
      tasksPerDayNotCovered += daily;
    }
  }
  const weight = (task: LabelledTask) =>
    perDay(workload, task.role, task.label, sources) / (cellSize.get(`${task.role}/${task.label}`) ?? 1);
  const sum = (pick: (task: LabelledTask) => number) =>
    tasks.reduce((total, task) => total + weight(task) * pick(task), 0);
  const alwaysT4 = sum((task) => costAtTier(table, 4, task));
  const oracle = sum((task) => costAtTier(table, task.label, task));
  const first = sum((task) => costAtTier(table, task.chosen, task));
  const cascaded = sum((task) => cascadeCost(table, task).cost);
  const tasksPerDay = sum(() => 1);
  const underRoutedPerDay = sum((task) => (task.chosen < task.label ? 1 : 0));
  const costs = compareCosts(
    { alwaysT4, oracle, routerFirstChoice: first, routerWithCascade: cascaded },
    Math.round,
  );
  return {
    tasksPerDay,
    tasksPerDayByTier: [0, 1, 2, 3, 4].map((tier) => sum((task) => (task.label === tier ? 1 : 0))),
    costPerDayMicros: costs.scaled,
    savingsVsAlwaysT4: costs.savingsVsAlwaysT4,
    routerCostVsOracle: costs.routerCostVsOracle,
    underRoutingRate: tasksPerDay === 0 ? 0 : underRoutedPerDay / tasksPerDay,
    overRoutingRate: tasksPerDay === 0 ? 0 : sum((task) => (task.chosen > task.label ? 1 : 0)) / tasksPerDay,
    underRoutedPerDay,
    tasksPerDayNotCovered,
  };
}
