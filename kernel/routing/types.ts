/**
 * Shared vocabulary of the router: tiers, task features, decisions and outcome statistics.
 * Pure data types so the same decision can be made in a Worker, a Durable Object, the CLI and
 * the benchmark.
 */

/** T0 = no model (deterministic handler), T1 nano, T2 small, T3 capable, T4 frontier. */
export type Tier = 0 | 1 | 2 | 3 | 4;
export const ALL_TIERS: readonly Tier[] = [0, 1, 2, 3, 4];
/** Tiers that call a model; T0 never does. */
export type ModelTier = 1 | 2 | 3 | 4;
export const MODEL_TIERS: readonly ModelTier[] = [1, 2, 3, 4];

export function isTier(value: unknown): value is Tier {
  return value === 0 || value === 1 || value === 2 || value === 3 || value === 4;
}

/** Deterministic handlers that answer T0 tasks without any model. */
export type DeterministicHandler =
  | "health_check"
  | "status_query"
  | "task_list"
  | "reminder"
  | "acknowledgement";

/**
 * What kind of work a task is. The names are generic on purpose: they are the keys under which
 * observed success rates are stored, so they must mean the same thing for every tenant.
 */
export type TaskType =
  | DeterministicHandler
  | "classification"
  | "extraction"
  | "lookup"
  | "record_update"
  | "reformat"
  | "translation"
  | "summarisation"
  | "drafting"
  | "data_query"
  | "code_change"
  | "debugging"
  | "analysis"
  | "planning"
  | "general";

/** How much reasoning the text asks for: 0 none, 1 light, 2 multi-step, 3 deep. */
export type ReasoningLevel = 0 | 1 | 2 | 3;

/** The task as the router receives it (from a message, an agent loop, or the CLI). */
export interface RoutingTask {
  agentRole: string;
  text: string;
  /** Names of the tools the task is expected to need. */
  tools?: readonly string[];
  /** Tokens of context that will be sent with the prompt (thread summary, documents…). */
  contextTokens?: number;
}

/** The features the router decides from; recorded with every decision so it can be explained. */
export interface TaskFeatures {
  taskType: TaskType;
  /** Set when a T0 deterministic handler can answer without a model. */
  handler?: DeterministicHandler;
  agentRole: string;
  tools: string[];
  contextTokens: number;
  reasoning: ReasoningLevel;
  /** Legal, tax, security, payroll, investor…: a wrong answer is expensive. */
  highStakes: boolean;
  /** The text asks to assess, investigate or decide (open-ended), not just review against norms. */
  openJudgement: boolean;
  /** The text asks for a short output (a line, a quick reply). */
  briefOutput: boolean;
  /** How many items the request enumerates (commas + 1): several factors to weigh at once. */
  breadth: number;
  /** How many words the request has, and the first (its verb, in most requests). */
  words: number;
  firstWord: string;
  /** The work touches code (a code verb or noun matched), whatever the leading type. */
  codeInvolved: boolean;
  /** Names of the cues that matched, so a human can see why a type or level was chosen. */
  cues: string[];
  /** What the learned difficulty model reads: word stems, role, tools, sizes (difficulty.ts). */
  signals: string[];
}

/** Observed outcomes of one task type at one tier (loaded from D1 by the worker). */
export interface TierOutcome {
  attempts: number;
  successes: number;
}

/** Observed outcomes per task type and tier. Missing entries mean "no evidence". */
export type OutcomeStats = Partial<Record<TaskType, Partial<Record<Tier, TierOutcome>>>>;

/** Per-agent routing limits from the agent's definition. */
export interface AgentRoutingLimits {
  /** Never route above this tier, not even in a cascade. */
  maxTier: Tier;
  /** Never route below this tier (an agent that must always use a model sets 1). */
  minTier?: Tier;
}

export interface RoutingDecision {
  /** The chosen tier; null when no model call may be made (budget exhausted). */
  tier: Tier | null;
  features: TaskFeatures;
  /** One readable sentence per step that moved the tier, in order. */
  reason: string;
}
