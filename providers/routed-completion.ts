/**
 * One routed model call, end to end: route → privacy and budget plan → runaway check → call with
 * fallback → real cost → validation → cascade one tier up on failure. Everything stateful (spend,
 * outcome stats, cooldowns, the cycle ledger) comes in as arguments, so the worker wires it to D1
 * and the Durable Objects and this stays testable in Node.
 */
import type { BudgetAssessment } from "../kernel/routing/budget";
import { type CallPlan, planModelCall } from "../kernel/routing/call-plan";
import { type CascadePolicy, nextTierAfterFailure, type ValidationFailure } from "../kernel/routing/cascade";
import type { CooldownTracker } from "../kernel/routing/cooldowns";
import { costOfUsageMicros } from "../kernel/routing/cost";
import type { PersonalDataMode } from "../kernel/routing/privacy";
import { routeTask } from "../kernel/routing/router";
import {
  type CycleLedger,
  checkModelCall,
  type RunawayLimits,
  recordModelCall,
} from "../kernel/routing/runaway";
import type { TierTable } from "../kernel/routing/tier-table";
import type {
  AgentRoutingLimits,
  DeterministicHandler,
  ModelTier,
  OutcomeStats,
  RoutingDecision,
  RoutingTask,
  Tier,
} from "../kernel/routing/types";
import { completeWithFallback } from "./fallback";
import {
  type CompletionRequest,
  type CompletionResult,
  type ModelProvider,
  ProviderError,
  type Usage,
} from "./types";

export interface RoutedCompletionInput {
  task: RoutingTask;
  request: Omit<CompletionRequest, "model" | "maxOutputTokens">;
  /** Estimated prompt + context tokens, for the pre-call budget estimate. */
  inputTokens: number;
  limits: AgentRoutingLimits;
  table: TierTable;
  providers: Readonly<Record<string, ModelProvider>>;
  budget: BudgetAssessment;
  stats?: OutcomeStats;
  statsByRole?: Readonly<Record<string, OutcomeStats>>;
  privacy: {
    containsPersonalData: boolean;
    mode: PersonalDataMode;
    privateProviders: Readonly<Record<string, boolean>>;
  };
  cycle: CycleLedger;
  runawayLimits: RunawayLimits;
  cascade: CascadePolicy;
  cooldowns: CooldownTracker;
  redact?: (request: CompletionRequest) => CompletionRequest;
  /** Checks a result (schema, tool calls, self-check); undefined means it passed. */
  validate: (result: CompletionResult) => ValidationFailure | undefined;
}

export interface RoutedAttempt {
  tier: Tier;
  provider: string;
  model: string;
  costMicros: number;
  /** The usage the provider reported for this attempt: what the cost ledger records. */
  usage: Usage;
  outcome: "passed" | ValidationFailure;
}

export type StopKind = "budget" | "privacy" | "runaway" | "providers_failed" | "cascade_exhausted";

export type RoutedCompletionOutcome =
  | {
      status: "answered";
      result: CompletionResult;
      tier: ModelTier;
      decision: RoutingDecision;
      attempts: RoutedAttempt[];
      cycle: CycleLedger;
    }
  | { status: "deterministic"; handler: DeterministicHandler; decision: RoutingDecision }
  | {
      status: "stopped";
      kind: StopKind;
      reason: string;
      decision: RoutingDecision;
      attempts: RoutedAttempt[];
      cycle: CycleLedger;
    };

function promptText(request: RoutedCompletionInput["request"]): string {
  return [request.system, ...request.messages.map((message) => message.content)].join("\n");
}

/** The assessment after spending `spent` more: headroom shrinks, and a spent cap becomes hard. */
function afterSpending(budget: BudgetAssessment, spent: number): BudgetAssessment {
  const headroomMicros = budget.headroomMicros - spent;
  if (headroomMicros > 0) return { ...budget, headroomMicros };
  return { state: "hard", maxTier: 0, headroomMicros: 0, reason: "the budget was used up during this task" };
}

function planFor(tier: ModelTier, input: RoutedCompletionInput, budget: BudgetAssessment): CallPlan {
  return planModelCall({
    tier,
    table: input.table,
    inputTokens: input.inputTokens,
    budget,
    containsPersonalData: input.privacy.containsPersonalData,
    personalDataMode: input.privacy.mode,
    privateProviders: input.privacy.privateProviders,
  });
}

/**
 * @example
 * const outcome = await completeRouted({ task, request, inputTokens, limits, table, providers, budget,
 *   privacy, cycle, runawayLimits: DEFAULT_RUNAWAY_LIMITS, cascade: DEFAULT_CASCADE_POLICY, cooldowns, validate });
 */
export async function completeRouted(input: RoutedCompletionInput): Promise<RoutedCompletionOutcome> {
  const decision = routeTask(input.task, {
    limits: input.limits,
    stats: input.stats,
    statsByRole: input.statsByRole,
    budget: input.budget,
  });
  const attempts: RoutedAttempt[] = [];
  let cycle = input.cycle;
  const stop = (kind: StopKind, reason: string): RoutedCompletionOutcome => ({
    status: "stopped",
    kind,
    reason,
    decision,
    attempts,
    cycle,
  });
  if (decision.tier === null) return stop("budget", decision.reason);
  if (decision.tier === 0) return { status: "deterministic", handler: decision.features.handler!, decision };

  let tier: ModelTier = decision.tier as ModelTier;
  let budget = input.budget;
  const basePrompt = promptText(input.request);
  for (let escalations = 0; ; escalations++) {
    const plan = planFor(tier, input, budget);
    if (!plan.allowed) return stop(plan.refusedBy, plan.reason);
    // A cascade re-sends the prompt one tier up on purpose; only a repeat at the same tier is a loop.
    const prompt = `T${tier}\n${basePrompt}`;
    const verdict = checkModelCall(cycle, prompt, plan.routes[0]!.estimateMicros, input.runawayLimits);
    if (verdict.stop) return stop("runaway", verdict.reason);
    const usable = plan.routes.filter((route) => input.providers[route.provider] !== undefined);
    const candidates = usable.map((route) => ({
      provider: input.providers[route.provider]!,
      model: route.model,
      redact: route.redact,
    }));
    let answered: Awaited<ReturnType<typeof completeWithFallback>>;
    try {
      answered = await completeWithFallback(
        candidates,
        { ...input.request, maxOutputTokens: plan.maxOutputTokens },
        {
          cooldowns: input.cooldowns,
          redact: input.redact,
        },
      );
    } catch (error) {
      if (error instanceof ProviderError) return stop("providers_failed", error.message);
      throw error;
    }
    const route = usable[answered.candidateIndex]!;
    const costMicros = costOfUsageMicros(route.price, answered.result.usage);
    cycle = recordModelCall(cycle, prompt, costMicros);
    budget = afterSpending(budget, costMicros);
    const failure = input.validate(answered.result);
    attempts.push({
      tier,
      provider: route.provider,
      model: route.model,
      costMicros,
      usage: answered.result.usage,
      outcome: failure ?? "passed",
    });
    if (!failure) return { status: "answered", result: answered.result, tier, decision, attempts, cycle };
    const next = nextTierAfterFailure(tier, escalations, failure, input.cascade, input.limits, budget);
    if (next.tier === null) return stop("cascade_exhausted", next.reason);
    tier = next.tier as ModelTier;
  }
}
