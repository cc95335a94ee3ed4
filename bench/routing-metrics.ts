/**
 * Metrics of the routing benchmark: cost of each strategy on the same token model, and how often
 * the router chose below (under-routing) or above (over-routing) the labelled adequate tier.
 */
import { costOfUsageMicros } from "../kernel/routing/cost";
import type { TierTable } from "../kernel/routing/tier-table";
import type { ModelTier, Tier } from "../kernel/routing/types";

export interface LabelledTask {
  id: string;
  role: string;
  text: string;
  label: Tier;
  chosen: Tier;
  inputTokens: number;
  outputTokens: number;
  reason: string;
}

/**
 * Output tokens a task produces, by how demanding it is (its label). The same number is used for
 * every strategy, so the comparison is about which tier's price applies, not about the task size.
 */
export const OUTPUT_TOKENS_BY_LABEL: Record<Tier, number> = { 0: 80, 1: 150, 2: 600, 3: 1_200, 4: 2_500 };
/** The agent's instructions sent with every call, plus each tool's schema. */
export const SYSTEM_PROMPT_TOKENS = 800;
export const TOKENS_PER_TOOL_SCHEMA = 150;
/** The cascade policy the Worker uses by default. */
export const MAX_ESCALATIONS = 2;

export function costAtTier(table: TierTable, tier: Tier, task: LabelledTask): number {
  if (tier === 0) return 0;
  const route = table[tier as ModelTier].routes[0];
  if (!route) return 0;
  return costOfUsageMicros(route.price, {
    inputTokens: task.inputTokens,
    outputTokens: task.outputTokens,
    cachedInputTokens: 0,
  });
}

/**
 * What the router really pays: an under-routed first attempt fails validation and the cascade
 * climbs one tier at a time (paying each attempt) up to the label, at most MAX_ESCALATIONS times.
 */
export function cascadeCost(table: TierTable, task: LabelledTask): { cost: number; resolved: boolean } {
  let cost = costAtTier(table, task.chosen, task);
  let tier = task.chosen;
  let escalations = 0;
  while (tier < task.label && escalations < MAX_ESCALATIONS) {
    tier = (tier + 1) as Tier;
    escalations++;
    cost += costAtTier(table, tier, task);
  }
  return { cost, resolved: tier >= task.label };
}

export interface SplitMetrics {
  tasks: number;
  exact: number;
  underRouted: number;
  overRouted: number;
  underRoutingRate: number;
  overRoutingRate: number;
  /** Tasks the cascade could not rescue within MAX_ESCALATIONS. */
  unresolvedAfterCascade: number;
  costPer1000Micros: RoutingCosts;
  savingsVsAlwaysT4: Omit<RoutingCosts, "alwaysT4">;
  routerCostVsOracle: number;
  confusion: number[][];
}

/** The four costs every report compares (micro-dollars, over whatever set of tasks). */
export interface RoutingCosts {
  alwaysT4: number;
  oracle: number;
  routerFirstChoice: number;
  routerWithCascade: number;
}

/** Four totals as reported: each scaled (per 1,000 tasks, per day…), savings vs always-T4, router ÷ oracle. */
export function compareCosts(totals: RoutingCosts, scale: (micros: number) => number) {
  const savings = (cost: number) => (totals.alwaysT4 === 0 ? 0 : 1 - cost / totals.alwaysT4);
  return {
    scaled: {
      alwaysT4: scale(totals.alwaysT4),
      oracle: scale(totals.oracle),
      routerFirstChoice: scale(totals.routerFirstChoice),
      routerWithCascade: scale(totals.routerWithCascade),
    },
    savingsVsAlwaysT4: {
      oracle: savings(totals.oracle),
      routerFirstChoice: savings(totals.routerFirstChoice),
      routerWithCascade: savings(totals.routerWithCascade),
    },
    routerCostVsOracle: totals.oracle === 0 ? 0 : totals.routerWithCascade / totals.oracle,
  };
}

export function splitMetrics(table: TierTable, tasks: LabelledTask[]): SplitMetrics {
  const sum = (pick: (task: LabelledTask) => number) => tasks.reduce((total, task) => total + pick(task), 0);
  const per1000 = (total: number) => Math.round((total / Math.max(1, tasks.length)) * 1_000);
  const alwaysT4 = sum((task) => costAtTier(table, 4, task));
  const oracle = sum((task) => costAtTier(table, task.label, task));
  const first = sum((task) => costAtTier(table, task.chosen, task));
  const cascaded = tasks.map((task) => cascadeCost(table, task));
  const withCascade = cascaded.reduce((total, outcome) => total + outcome.cost, 0);
  const underRouted = tasks.filter((task) => task.chosen < task.label).length;
  const overRouted = tasks.filter((task) => task.chosen > task.label).length;
  const confusion = [0, 1, 2, 3, 4].map(() => [0, 0, 0, 0, 0]);
  for (const task of tasks) confusion[task.label]![task.chosen]!++;
  const costs = compareCosts(
    { alwaysT4, oracle, routerFirstChoice: first, routerWithCascade: withCascade },
    per1000,
  );
  return {
    tasks: tasks.length,
    exact: tasks.length - underRouted - overRouted,
    underRouted,
    overRouted,
    underRoutingRate: underRouted / Math.max(1, tasks.length),
    overRoutingRate: overRouted / Math.max(1, tasks.length),
    unresolvedAfterCascade: cascaded.filter((outcome) => !outcome.resolved).length,
    costPer1000Micros: costs.scaled,
    savingsVsAlwaysT4: costs.savingsVsAlwaysT4,
    routerCostVsOracle: costs.routerCostVsOracle,
    confusion,
  };
}
