/**
 * Turns a routing decision into the concrete, ordered list of models to try: the tier's routes,
 * filtered by the privacy rule and by the pre-call budget estimate. The worker maps each route to
 * a provider instance and hands the list to completeWithFallback.
 */
import { type BudgetAssessment, checkCallAgainstBudget } from "./budget";
import { estimateCallCostMicros } from "./cost";
import { type PersonalDataMode, planForPersonalData } from "./privacy";
import type { ModelRoute, TierTable } from "./tier-table";
import type { ModelTier } from "./types";

export interface CallPlanInput {
  tier: ModelTier;
  table: TierTable;
  /** Prompt + context tokens (estimated before tokenisation). */
  inputTokens: number;
  budget: BudgetAssessment;
  containsPersonalData: boolean;
  personalDataMode: PersonalDataMode;
  privateProviders: Readonly<Record<string, boolean>>;
}

export interface PlannedRoute extends ModelRoute {
  redact: boolean;
  /** Worst-case cost of this call on this route, in micro-dollars. */
  estimateMicros: number;
}

export type CallPlan =
  | { allowed: true; routes: PlannedRoute[]; maxOutputTokens: number; reason: string }
  | { allowed: false; routes: []; refusedBy: "privacy" | "budget"; reason: string };

/**
 * @example
 * planModelCall({ tier: 2, table: DEFAULT_TIER_TABLE, inputTokens: 1_800, budget,
 *   containsPersonalData: false, personalDataMode: "private-only", privateProviders: {} })
 */
export function planModelCall(input: CallPlanInput): CallPlan {
  const entry = input.table[input.tier];
  const privacy = planForPersonalData(
    entry.routes,
    input.containsPersonalData,
    input.personalDataMode,
    input.privateProviders,
  );
  if (!privacy.allowed) return { allowed: false, routes: [], refusedBy: "privacy", reason: privacy.reason };
  const refusals: string[] = [];
  const routes: PlannedRoute[] = [];
  for (const { candidate, redact } of privacy.entries) {
    const estimateMicros = estimateCallCostMicros(candidate.price, input.inputTokens, entry.maxOutputTokens);
    const verdict = checkCallAgainstBudget(input.budget, estimateMicros);
    if (verdict.allowed) routes.push({ ...candidate, redact, estimateMicros });
    else refusals.push(`${candidate.provider}/${candidate.model}: ${verdict.reason}`);
  }
  if (routes.length === 0)
    return {
      allowed: false,
      routes: [],
      refusedBy: "budget",
      reason: `refused before calling: ${refusals.join("; ")}`,
    };
  return { allowed: true, routes, maxOutputTokens: entry.maxOutputTokens, reason: privacy.reason };
}
