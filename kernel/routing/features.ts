/**
 * Turns a task into the features the router decides from. Deterministic and cheap: it runs
 * before every model call, so it must cost nothing and never call a model itself.
 */
import {
  BRIEF_OUTPUT_CUES,
  type Cue,
  DEEP_REASONING_CUES,
  DETERMINISTIC_PATTERNS,
  HIGH_STAKES_CUES,
  MULTI_STEP_CUES,
  TASK_TYPE_CUES,
} from "./cues.js";
import type { DeterministicHandler, ReasoningLevel, RoutingTask, TaskFeatures, TaskType } from "./types.js";

/** Where a type starts before reasoning, stakes, context and tools move it. */
export const BASE_TIER_OF_TYPE: Record<Exclude<TaskType, DeterministicHandler>, 1 | 2 | 3> = {
  classification: 1,
  extraction: 1,
  lookup: 1,
  reformat: 1,
  translation: 1,
  summarisation: 2,
  drafting: 2,
  data_query: 2,
  code_change: 2,
  general: 2,
  debugging: 3,
  analysis: 3,
  planning: 3,
};

/** Messages longer than this are never answered by a deterministic handler. */
const MAX_WORDS_FOR_HANDLER = 24;

function matchingCues(text: string, cues: readonly Cue[]): string[] {
  return cues.filter((candidate) => candidate.pattern.test(text)).map((candidate) => candidate.name);
}

function deterministicHandlerFor(text: string): DeterministicHandler | undefined {
  const trimmed = text.trim();
  if (trimmed.split(/\s+/).length > MAX_WORDS_FOR_HANDLER) return undefined;
  for (const [handler, patterns] of Object.entries(DETERMINISTIC_PATTERNS)) {
    if (patterns.some((pattern) => pattern.test(trimmed))) return handler as DeterministicHandler;
  }
  return undefined;
}

/** Counts sentences that give an instruction, a cheap proxy for "several steps". */
function instructionCount(text: string): number {
  return text
    .split(/(?<=[.!?;])\s+|\n+|\s+-\s+|\b\d\)\s/)
    .map((part) => part.trim())
    .filter((part) => part.split(/\s+/).length >= 3).length;
}

function reasoningLevelOf(text: string, cues: string[]): ReasoningLevel {
  const deep = matchingCues(text, DEEP_REASONING_CUES);
  const multi = matchingCues(text, MULTI_STEP_CUES);
  cues.push(...deep.map((name) => `deep:${name}`), ...multi.map((name) => `multi:${name}`));
  if (deep.length > 0) return 3;
  // Three or more judgement cues, or two with a long multi-part request, is deep work.
  const instructions = instructionCount(text);
  if (multi.length >= 3 || (multi.length >= 2 && instructions >= 4)) return 3;
  if (multi.length > 0 || instructions >= 4) return 2;
  return 1;
}

/**
 * Picks the task type whose cues matched; when several match, the most demanding wins, because
 * routing a composite task by its easiest part is how tasks get under-routed.
 */
function taskTypeOf(text: string, cues: string[]): Exclude<TaskType, DeterministicHandler> {
  let chosen: Exclude<TaskType, DeterministicHandler> = "general";
  let chosenTier = 0;
  for (const { type, cues: typeCues } of TASK_TYPE_CUES) {
    const matched = matchingCues(text, typeCues);
    if (matched.length === 0) continue;
    cues.push(...matched.map((name) => `${type}:${name}`));
    if (BASE_TIER_OF_TYPE[type] > chosenTier) {
      chosen = type;
      chosenTier = BASE_TIER_OF_TYPE[type];
    }
  }
  return chosen;
}

/**
 * Extracts routing features from a task.
 *
 * @example
 * extractFeatures({ agentRole: "finance", text: "Categorise these 12 card transactions" })
 * // → { taskType: "classification", reasoning: 1, highStakes: false, … }
 */
export function extractFeatures(task: RoutingTask): TaskFeatures {
  const text = task.text.trim();
  const tools = [...(task.tools ?? [])];
  const contextTokens = Math.max(0, Math.floor(task.contextTokens ?? 0));
  const handler = deterministicHandlerFor(text);
  if (handler) {
    return {
      taskType: handler,
      handler,
      agentRole: task.agentRole,
      tools,
      contextTokens,
      reasoning: 0,
      highStakes: false,
      briefOutput: true,
      cues: [`handler:${handler}`],
    };
  }
  const cues: string[] = [];
  const taskType = taskTypeOf(text, cues);
  const reasoning = reasoningLevelOf(text, cues);
  const stakes = matchingCues(text, HIGH_STAKES_CUES);
  cues.push(...stakes.map((name) => `stakes:${name}`));
  const brief = matchingCues(text, BRIEF_OUTPUT_CUES);
  cues.push(...brief.map((name) => `output:${name}`));
  return {
    taskType,
    agentRole: task.agentRole,
    tools,
    contextTokens,
    reasoning,
    highStakes: stakes.length > 0,
    briefOutput: brief.length > 0,
    cues,
  };
}
