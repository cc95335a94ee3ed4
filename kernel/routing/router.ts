/**
 * The router: the cheapest tier expected to succeed, with every step that moved the tier
 * written into the decision's reason.
 */
import type { BudgetAssessment } from "./budget";
import { DEFAULT_DIFFICULTY_MODEL } from "./default-difficulty-model";
import { type DifficultyModel, difficultyRaise } from "./difficulty";
import { DEFAULT_EVIDENCE_POLICY, type EvidencePolicy, failingAt, provenAt } from "./evidence";
import { BASE_TIER_OF_TYPE, extractFeatures, type ModelTaskType } from "./features";
import type {
  AgentRoutingLimits,
  OutcomeStats,
  RoutingDecision,
  RoutingTask,
  TaskFeatures,
  Tier,
} from "./types";

export interface RouteOptions {
  limits: AgentRoutingLimits;
  /** Observed outcomes per task type and tier (from D1); absent means "rules only". */
  stats?: OutcomeStats;
  /**
   * The same outcomes per agent role ("finance", "sales"…). Where a role has its own evidence for
   * a task type it wins: a sales agent's drafting is not a developer agent's drafting.
   */
  statsByRole?: Readonly<Record<string, OutcomeStats>>;
  /** Where the tenant and agent stand against their budgets; absent means unlimited. */
  budget?: BudgetAssessment;
  evidence?: EvidencePolicy;
  /**
   * The learned second opinion that may raise the rules' tier; defaults to the trained model
   * shipped with the kernel, and `null` routes by the rules alone.
   */
  difficulty?: DifficultyModel | null;
}

/** Context sizes (tokens) past which smaller models lose the thread. */
export const CONTEXT_THRESHOLDS = { small: 12_000, capable: 20_000, frontier: 150_000 } as const;
/** Tool counts past which a task is an orchestration, not a single step. */
export const TOOL_THRESHOLDS = { small: 3, capable: 5 } as const;
/** Material (tokens) above which judgement over it is substantial work. */
export const SUBSTANTIAL_CONTEXT = 8_000;
/** Enumerated items from which a request weighs several factors at once. */
export const BROAD_REQUEST_ITEMS = 3;
/** Words up to which a request that no cue describes, with nothing to weigh, is one step. */
export const SHORT_REQUEST_WORDS = 14;
/** Requests that produce a document ("write the job ad") are drafting however short they are. */
const PRODUCES_A_DOCUMENT = /^(write|draft|prepare|create|make|build|plan|design|compile|document|put)$/i;

const raise = (tier: Tier, floor: Tier): Tier => (tier > floor ? tier : floor);

/** Where the type starts, and the exceptions within a type that are cheaper or dearer. */
function typeTier(features: TaskFeatures, steps: string[]): Tier {
  const type = features.taskType as ModelTaskType;
  let tier: Tier = BASE_TIER_OF_TYPE[type];
  steps.push(`${type} starts at T${tier}`);
  const light = features.reasoning <= 1 && !features.highStakes;
  // A page or less (an email, notes, a short post); ten messages or a dashboard's numbers are more.
  if (type === "summarisation" && light && features.contextTokens < 2_000) {
    tier = 1;
    steps.push("short material to summarise: T1");
  }
  if (
    (type === "drafting" || type === "general") &&
    light &&
    features.briefOutput &&
    features.contextTokens < 3_000
  ) {
    tier = 1;
    steps.push("a brief piece of writing: T1");
  }
  if (type === "analysis" && light && features.contextTokens < 4_000) {
    tier = 2;
    steps.push("light analysis over little material: T2");
  }
  // No cue says what kind of work it is, and the request is short with nothing to weigh, produce or
  // risk ("tell the tiler …", "cancel the skip booking", "find her address"): one step.
  if (
    type === "general" &&
    light &&
    features.words <= SHORT_REQUEST_WORDS &&
    features.contextTokens < 1_000 &&
    features.breadth <= 2 &&
    !PRODUCES_A_DOCUMENT.test(features.firstWord)
  ) {
    tier = 1;
    steps.push("a short request with nothing to weigh: T1");
  }
  if (
    features.codeInvolved &&
    tier >= 2 &&
    (features.reasoning >= 2 || features.contextTokens > SUBSTANTIAL_CONTEXT)
  ) {
    tier = raise(tier, 3);
    steps.push("code work that needs judgement or much code: T3");
  }
  return tier;
}

/** The rule-based tier: what the text, tools and context size alone ask for. */
function ruleTier(features: TaskFeatures, steps: string[]): Tier {
  if (features.handler) {
    steps.push(`a deterministic ${features.handler} handler answers this without a model`);
    return 0;
  }
  let tier = typeTier(features, steps);
  const apply = (floor: Tier, why: string) => {
    if (tier < floor) {
      tier = floor;
      steps.push(`${why}: T${floor}`);
    }
  };
  const { reasoning, contextTokens, tools, breadth, highStakes } = features;
  const substantial = contextTokens >= SUBSTANTIAL_CONTEXT;
  const broad = breadth >= BROAD_REQUEST_ITEMS;
  if (reasoning === 2) apply(2, "multi-step reasoning");
  if (reasoning === 3) apply(3, "deep reasoning");
  if (reasoning >= 2 && substantial) apply(3, "multi-step judgement over substantial material");
  if (reasoning === 3 && (contextTokens >= CONTEXT_THRESHOLDS.small || broad))
    apply(4, "deep reasoning over broad material");
  const kinds = (prefix: string) => features.cues.filter((name) => name.startsWith(prefix)).length;
  if (highStakes) {
    apply(tier === 1 ? 2 : 3, "high stakes");
    // Stakes of two kinds at once (legal and security, legal and public trust) compound.
    if (tier >= 3 && kinds("stakes:") >= 2) apply(4, "high stakes of several kinds");
    if (reasoning === 3) apply(4, "high stakes with deep reasoning");
    if (reasoning === 2 && features.openJudgement && (substantial || broad)) {
      apply(4, "high stakes with an open-ended assessment over much material");
    }
  }
  if (reasoning === 3 && kinds("deep:") >= 2) apply(4, "deep reasoning on several counts");
  if (contextTokens > CONTEXT_THRESHOLDS.frontier)
    apply(4, `context over ${CONTEXT_THRESHOLDS.frontier} tokens`);
  else if (contextTokens > CONTEXT_THRESHOLDS.capable)
    apply(3, `context over ${CONTEXT_THRESHOLDS.capable} tokens`);
  else if (contextTokens > CONTEXT_THRESHOLDS.small)
    apply(2, `context over ${CONTEXT_THRESHOLDS.small} tokens`);
  if (tools.length >= TOOL_THRESHOLDS.capable) apply(3, `${tools.length} tools to orchestrate`);
  else if (tools.length >= TOOL_THRESHOLDS.small) apply(2, `${tools.length} tools to orchestrate`);
  return tier;
}

/**
 * The difficulty model raises the rules' tier when it is confident the task needs more: it has
 * seen hard requests phrased in ways no cue names. It never lowers a tier, never touches T0.
 */
function learnedTier(features: TaskFeatures, tier: Tier, options: RouteOptions, steps: string[]): Tier {
  const model = options.difficulty === undefined ? DEFAULT_DIFFICULTY_MODEL : options.difficulty;
  if (!model) return tier;
  const raise = difficultyRaise(model, features.signals, tier);
  if (!raise) return tier;
  const percent = Math.round(raise.probability * 100);
  steps.push(
    `the difficulty model gives ${percent}% that this needs T${raise.tier} or more (${raise.because.join(", ")}): T${raise.tier}`,
  );
  return raise.tier;
}

/** The role's own outcomes for this task type when it has any, else the tenant-wide ones. */
function statsFor(features: TaskFeatures, options: RouteOptions): OutcomeStats | undefined {
  const byRole = options.statsByRole?.[features.agentRole]?.[features.taskType];
  return byRole ? { [features.taskType]: byRole } : options.stats;
}

/**
 * Observed outcomes move the tier by at most one step per decision: evidence about a task type
 * in general should not overrule everything the features say about this particular task.
 */
function evidenceTier(features: TaskFeatures, tier: Tier, options: RouteOptions, steps: string[]): Tier {
  const stats = statsFor(features, options);
  if (tier === 0 || !stats) return tier;
  const policy = options.evidence ?? DEFAULT_EVIDENCE_POLICY;
  const failing = failingAt(stats, features.taskType, tier, policy);
  if (failing && tier < 4) {
    steps.push(
      `${features.taskType} succeeded ${failing.successes}/${failing.attempts} at T${tier}: T${tier + 1}`,
    );
    return (tier + 1) as Tier;
  }
  const below = (tier - 1) as Tier;
  if (below >= 1) {
    const proven = provenAt(stats, features.taskType, below, policy);
    if (proven) {
      steps.push(
        `${features.taskType} succeeded ${proven.successes}/${proven.attempts} at T${below}: T${below}`,
      );
      return below;
    }
  }
  return tier;
}

/** Applies the agent's limits and the budget, which override what the task would like. */
function constrainedTier(tier: Tier, options: RouteOptions, steps: string[]): Tier | null {
  const { maxTier, minTier = 0 } = options.limits;
  let constrained = tier;
  if (constrained < minTier) {
    constrained = minTier;
    steps.push(`agent's minimum tier: T${minTier}`);
  }
  if (constrained > maxTier) {
    constrained = maxTier;
    steps.push(`agent's maximum tier caps this at T${maxTier}`);
  }
  const budget = options.budget;
  if (budget?.state === "hard" && constrained > 0) {
    steps.push(`refused: ${budget.reason}`);
    return null;
  }
  if (budget?.state === "soft" && budget.maxTier !== undefined && constrained > budget.maxTier) {
    constrained = budget.maxTier;
    steps.push(`budget near its limit (${budget.reason}): degraded to T${constrained}`);
  }
  return constrained;
}

/** Decides the tier for already extracted features. */
export function decideTier(features: TaskFeatures, options: RouteOptions): RoutingDecision {
  const steps: string[] = [];
  const byRules = ruleTier(features, steps);
  const byModel = learnedTier(features, byRules, options, steps);
  const byEvidence = evidenceTier(features, byModel, options, steps);
  const tier = constrainedTier(byEvidence, options, steps);
  return { tier, features, reason: steps.join("; ") };
}

/**
 * Routes a task: extracts its features and decides the tier.
 *
 * @example
 * routeTask({ agentRole: "operations", text: "ping" }, { limits: { maxTier: 4 } })
 * // → { tier: 0, reason: "a deterministic health_check handler answers this without a model", … }
 */
export function routeTask(task: RoutingTask, options: RouteOptions): RoutingDecision {
  return decideTier(extractFeatures(task), options);
}
