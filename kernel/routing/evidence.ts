/**
 * Observed success rates per task type and tier, and how much the router trusts them.
 * Wilson score bounds keep a lucky 3-out-of-3 from moving routing the way 300-out-of-310 does.
 */
import type { OutcomeStats, TaskType, Tier, TierOutcome } from "./types";

export interface EvidencePolicy {
  /** Fewer attempts than this at a tier is no evidence at all. */
  minAttempts: number;
  /** Move down to a cheaper tier when its success rate is surely at least this (lower bound). */
  trustBelow: number;
  /** Move up when the chosen tier's success rate is surely at most this (upper bound). */
  distrustAt: number;
}

export const DEFAULT_EVIDENCE_POLICY: EvidencePolicy = { minAttempts: 20, trustBelow: 0.9, distrustAt: 0.7 };

/** z for a two-sided 95% interval. */
const Z = 1.96;

export function wilsonBounds(outcome: TierOutcome): { lower: number; upper: number } {
  const n = outcome.attempts;
  if (n <= 0) return { lower: 0, upper: 1 };
  const p = Math.min(1, Math.max(0, outcome.successes / n));
  const denominator = 1 + (Z * Z) / n;
  const centre = p + (Z * Z) / (2 * n);
  const margin = Z * Math.sqrt((p * (1 - p)) / n + (Z * Z) / (4 * n * n));
  return { lower: (centre - margin) / denominator, upper: (centre + margin) / denominator };
}

export function outcomeAt(
  stats: OutcomeStats | undefined,
  type: TaskType,
  tier: Tier,
): TierOutcome | undefined {
  return stats?.[type]?.[tier];
}

/** Whether the evidence says a tier reliably succeeds at this task type. */
export function provenAt(
  stats: OutcomeStats | undefined,
  type: TaskType,
  tier: Tier,
  policy: EvidencePolicy,
) {
  const outcome = outcomeAt(stats, type, tier);
  if (!outcome || outcome.attempts < policy.minAttempts) return undefined;
  return wilsonBounds(outcome).lower >= policy.trustBelow ? outcome : undefined;
}

/** Whether the evidence says a tier reliably fails at this task type. */
export function failingAt(
  stats: OutcomeStats | undefined,
  type: TaskType,
  tier: Tier,
  policy: EvidencePolicy,
) {
  const outcome = outcomeAt(stats, type, tier);
  if (!outcome || outcome.attempts < policy.minAttempts) return undefined;
  return wilsonBounds(outcome).upper <= policy.distrustAt ? outcome : undefined;
}

/** Records one outcome without mutating the input (the worker persists the row in D1). */
export function recordOutcome(
  stats: OutcomeStats,
  type: TaskType,
  tier: Tier,
  succeeded: boolean,
): OutcomeStats {
  const byTier = { ...(stats[type] ?? {}) };
  const previous = byTier[tier] ?? { attempts: 0, successes: 0 };
  byTier[tier] = { attempts: previous.attempts + 1, successes: previous.successes + (succeeded ? 1 : 0) };
  return { ...stats, [type]: byTier };
}
