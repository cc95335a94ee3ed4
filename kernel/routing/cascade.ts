/**
 * The cascade: when a result fails validation, try once more one tier up — a bounded number of
 * times, and never above the agent's maximum tier or what the budget allows.
 */
import type { BudgetAssessment } from "./budget";
import type { AgentRoutingLimits, Tier } from "./types";

/** Why a result was rejected; recorded as a failed outcome for the tier that produced it. */
export type ValidationFailure =
  | "schema_error"
  | "tool_call_failed"
  | "self_check_failed"
  | "handler_declined";

export interface CascadePolicy {
  /** How many times one task may climb a tier. */
  maxEscalations: number;
}

export const DEFAULT_CASCADE_POLICY: CascadePolicy = { maxEscalations: 2 };

export type CascadeStep = { tier: Tier; reason: string } | { tier: null; reason: string };

/**
 * The tier to retry at after a failed result, or null with the reason to stop.
 *
 * @example
 * nextTierAfterFailure(1, 0, "schema_error", { maxEscalations: 2 }, { maxTier: 3 })
 * // → { tier: 2, reason: "schema_error at T1: retrying at T2 (escalation 1 of 2)" }
 */
export function nextTierAfterFailure(
  failedTier: Tier,
  escalationsSoFar: number,
  failure: ValidationFailure,
  policy: CascadePolicy,
  limits: AgentRoutingLimits,
  budget?: BudgetAssessment,
): CascadeStep {
  if (escalationsSoFar >= policy.maxEscalations) {
    return {
      tier: null,
      reason: `${failure} at T${failedTier}: already escalated ${escalationsSoFar} times, stopping`,
    };
  }
  if (failedTier >= limits.maxTier) {
    return {
      tier: null,
      reason: `${failure} at T${failedTier}: the agent may not go above T${limits.maxTier}`,
    };
  }
  const next = (failedTier + 1) as Tier;
  if (budget && budget.maxTier !== undefined && next > budget.maxTier) {
    return {
      tier: null,
      reason: `${failure} at T${failedTier}: T${next} not allowed by the budget (${budget.reason})`,
    };
  }
  return {
    tier: next,
    reason: `${failure} at T${failedTier}: retrying at T${next} (escalation ${escalationsSoFar + 1} of ${policy.maxEscalations})`,
  };
}
