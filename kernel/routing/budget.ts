/**
 * Budget rules, as pure functions over spend totals the worker reads from the D1 cost ledger.
 * All amounts are integer micro-dollars (1 USD = 1_000_000).
 */
import type { Tier } from "./types";

export interface BudgetCaps {
  dailyMicros?: number;
  monthlyMicros?: number;
}

export interface BudgetPolicy {
  tenant: BudgetCaps;
  /** Caps of the agent that is about to spend; absent when the agent has none of its own. */
  agent?: BudgetCaps;
  /** Fraction of a cap (0–1) from which the router degrades to cheaper tiers. */
  softLimitFraction: number;
  /** The highest tier allowed while any cap is past its soft limit. */
  degradeToTier: Tier;
}

/** Spend so far, from the cost ledger, for the current UTC day and month. */
export interface SpendTotals {
  tenantTodayMicros: number;
  tenantMonthMicros: number;
  agentTodayMicros: number;
  agentMonthMicros: number;
}

export type BudgetState = "ok" | "soft" | "hard";

export interface BudgetAssessment {
  state: BudgetState;
  /** The highest tier allowed now: undefined when unlimited, 0 at a hard limit (T0 costs nothing). */
  maxTier: Tier | undefined;
  /** Micro-dollars left before the tightest hard cap; Infinity when no cap applies. */
  headroomMicros: number;
  reason: string;
}

export const DEFAULT_BUDGET_POLICY: Omit<BudgetPolicy, "tenant"> = {
  softLimitFraction: 0.8,
  degradeToTier: 2,
};

interface CapCheck {
  label: string;
  cap: number;
  spent: number;
}

function capChecks(policy: BudgetPolicy, spend: SpendTotals): CapCheck[] {
  const checks: CapCheck[] = [];
  const add = (label: string, cap: number | undefined, spent: number) => {
    if (cap !== undefined) checks.push({ label, cap, spent });
  };
  add("tenant daily", policy.tenant.dailyMicros, spend.tenantTodayMicros);
  add("tenant monthly", policy.tenant.monthlyMicros, spend.tenantMonthMicros);
  add("agent daily", policy.agent?.dailyMicros, spend.agentTodayMicros);
  add("agent monthly", policy.agent?.monthlyMicros, spend.agentMonthMicros);
  return checks;
}

const dollars = (micros: number) => `$${(micros / 1_000_000).toFixed(2)}`;

/**
 * Where the tenant and agent stand against their caps.
 *
 * @example
 * assessBudget({ tenant: { dailyMicros: 2_000_000 }, softLimitFraction: 0.8, degradeToTier: 2 },
 *   { tenantTodayMicros: 1_700_000, tenantMonthMicros: 0, agentTodayMicros: 0, agentMonthMicros: 0 })
 * // → { state: "soft", maxTier: 2, … }
 */
export function assessBudget(policy: BudgetPolicy, spend: SpendTotals): BudgetAssessment {
  const checks = capChecks(policy, spend);
  const headroomMicros = checks.reduce((least, check) => Math.min(least, check.cap - check.spent), Infinity);
  const exhausted = checks.find((check) => check.spent >= check.cap);
  if (exhausted) {
    return {
      state: "hard",
      maxTier: 0,
      headroomMicros: Math.max(0, headroomMicros),
      reason: `${exhausted.label} budget of ${dollars(exhausted.cap)} is used up (${dollars(exhausted.spent)} spent)`,
    };
  }
  const nearing = checks.find((check) => check.spent >= check.cap * policy.softLimitFraction);
  if (nearing) {
    return {
      state: "soft",
      maxTier: policy.degradeToTier,
      headroomMicros,
      reason: `${nearing.label} spend ${dollars(nearing.spent)} is past ${Math.round(policy.softLimitFraction * 100)}% of ${dollars(nearing.cap)}`,
    };
  }
  return { state: "ok", maxTier: undefined, headroomMicros, reason: "within budget" };
}

export type CallBudgetVerdict = { allowed: true } | { allowed: false; reason: string };

/**
 * Refuses a call whose worst-case estimate would cross a hard cap. Run it just before each call
 * with the estimate for the model actually about to be used.
 */
export function checkCallAgainstBudget(
  assessment: BudgetAssessment,
  estimateMicros: number,
): CallBudgetVerdict {
  if (estimateMicros <= 0) return { allowed: true };
  if (assessment.state === "hard") return { allowed: false, reason: assessment.reason };
  if (estimateMicros > assessment.headroomMicros) {
    return {
      allowed: false,
      reason: `the call could cost up to ${dollars(estimateMicros)} but only ${dollars(assessment.headroomMicros)} is left before the hard cap`,
    };
  }
  return { allowed: true };
}

/** Adds a call's real cost to the running totals (for callers that keep totals in memory). */
export function addSpend(spend: SpendTotals, costMicros: number): SpendTotals {
  return {
    tenantTodayMicros: spend.tenantTodayMicros + costMicros,
    tenantMonthMicros: spend.tenantMonthMicros + costMicros,
    agentTodayMicros: spend.agentTodayMicros + costMicros,
    agentMonthMicros: spend.agentMonthMicros + costMicros,
  };
}
