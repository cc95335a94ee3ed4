/**
 * Turns a task into the features the router decides from. Deterministic and cheap: it runs
 * before every model call, so it must cost nothing and never call a model itself.
 */
import {
  ACKNOWLEDGEMENT_PHRASES,
  ACKNOWLEDGEMENT_WORDS,
  BRIEF_OUTPUT_CUES,
  BULK_SCOPE_PATTERN,
  type Cue,
  DEEP_REASONING_CUES,
  DETERMINISTIC_PATTERNS,
  HIGH_STAKES_CUES,
  MULTI_STEP_CUES,
  RECORD_UPDATE_PATTERN,
  SHORT_QUESTION_PATTERN,
  TASK_TYPE_CUES,
} from "./cues";
import { difficultySignals } from "./difficulty";
import type { DeterministicHandler, ReasoningLevel, RoutingTask, TaskFeatures, TaskType } from "./types";

export type ModelTaskType = Exclude<TaskType, DeterministicHandler>;

/** Where a type starts before reasoning, stakes, context and tools move it. */
export const BASE_TIER_OF_TYPE: Record<ModelTaskType, 1 | 2 | 3> = {
  classification: 1,
  extraction: 1,
  lookup: 1,
  record_update: 1,
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
const MAX_WORDS_FOR_ACKNOWLEDGEMENT = 8;
/** A single record change longer than this is usually a job with several parts. */
const MAX_WORDS_FOR_RECORD_UPDATE = 18;

function matchingCues(text: string, cues: readonly Cue[]): string[] {
  return cues.filter((candidate) => candidate.pattern.test(text)).map((candidate) => candidate.name);
}

function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => word.length > 0);
}

function isAcknowledgement(text: string): boolean {
  const tokens = words(
    text
      .toLowerCase()
      .replace(ACKNOWLEDGEMENT_PHRASES, " thanks ")
      .replace(/[!.,?]+/g, " "),
  );
  return (
    tokens.length > 0 &&
    tokens.length <= MAX_WORDS_FOR_ACKNOWLEDGEMENT &&
    tokens.every((token) => ACKNOWLEDGEMENT_WORDS.has(token))
  );
}

function deterministicHandlerFor(text: string, wordCount: number): DeterministicHandler | undefined {
  if (wordCount > MAX_WORDS_FOR_HANDLER) return undefined;
  if (isAcknowledgement(text)) return "acknowledgement";
  for (const [handler, patterns] of Object.entries(DETERMINISTIC_PATTERNS)) {
    if (patterns.some((pattern) => pattern.test(text))) return handler as DeterministicHandler;
  }
  return undefined;
}

/**
 * Items a request enumerates: "a, b and c" and "a, b, and c" are three; no comma is one.
 */
function enumeratedItems(text: string): number {
  const commas = text.match(/,/g)?.length ?? 0;
  if (commas === 0) return 1;
  const afterLastComma = text.slice(text.lastIndexOf(",") + 1);
  const trailingAnd = /\S\s+and\s/.test(afterLastComma) && !/^\s*and\s/.test(afterLastComma);
  return commas + 1 + (trailingAnd ? 1 : 0);
}

/** Counts sentences that give an instruction, a cheap proxy for "several steps". */
function instructionCount(text: string): number {
  return text
    .split(/(?<=[.!?;])\s+|\n+|\s+-\s+|\b\d\)\s/)
    .map((part) => part.trim())
    .filter((part) => words(part).length >= 3).length;
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
function taskTypeOf(text: string, cues: string[]): { type: ModelTaskType; codeInvolved: boolean } {
  let chosen: ModelTaskType = "general";
  let chosenTier = 0;
  let codeInvolved = false;
  for (const { type, cues: typeCues } of TASK_TYPE_CUES) {
    const matched = matchingCues(text, typeCues);
    if (matched.length === 0) continue;
    if (type === "code_change" || type === "debugging") codeInvolved = true;
    cues.push(...matched.map((name) => `${type}:${name}`));
    if (BASE_TIER_OF_TYPE[type] > chosenTier) {
      chosen = type;
      chosenTier = BASE_TIER_OF_TYPE[type];
    }
  }
  return { type: chosen, codeInvolved };
}

/** Types a one-tool question or a single record change may replace: nothing more demanding. */
const REPLACEABLE_BY_SINGLE_STEP = new Set<ModelTaskType>([
  "general",
  "data_query",
  "lookup",
  "classification",
]);

/**
 * A short question or a single record change with a tool at hand is one tool call and a short
 * answer, whatever words it uses — as long as nothing in it asks for judgement.
 */
function singleStepType(
  text: string,
  typed: { type: ModelTaskType; codeInvolved: boolean },
  task: { tools: string[]; contextTokens: number; reasoning: ReasoningLevel },
  cues: string[],
): ModelTaskType {
  const { type } = typed;
  const { tools, contextTokens, reasoning } = task;
  if (tools.length === 0 || reasoning > 1 || typed.codeInvolved || !REPLACEABLE_BY_SINGLE_STEP.has(type))
    return type;
  // "each channel", "every customer": a breakdown, not a single lookup.
  const bulk = BULK_SCOPE_PATTERN.test(text);
  if (SHORT_QUESTION_PATTERN.test(text) && !text.includes(",") && !bulk) {
    cues.push("lookup:short-question");
    return "lookup";
  }
  if (bulk) return type;
  if (
    RECORD_UPDATE_PATTERN.test(text) &&
    contextTokens < 1_000 &&
    words(text).length <= MAX_WORDS_FOR_RECORD_UPDATE
  ) {
    cues.push("record_update:single-change");
    return "record_update";
  }
  return type;
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
  const breadth = enumeratedItems(text);
  const allWords = words(text);
  const wordCount = allWords.length;
  const firstWord = (allWords[0] ?? "").toLowerCase();
  const handler = deterministicHandlerFor(text, wordCount);
  if (handler) {
    const common = {
      agentRole: task.agentRole,
      signals: [],
      tools,
      contextTokens,
      breadth,
      words: wordCount,
      firstWord,
      codeInvolved: false,
    };
    const none = { reasoning: 0 as const, highStakes: false, openJudgement: false, briefOutput: true };
    return { ...common, ...none, taskType: handler, handler, cues: [`handler:${handler}`] };
  }
  const cues: string[] = [];
  const typed = taskTypeOf(text, cues);
  const reasoning = reasoningLevelOf(text, cues);
  const taskType = singleStepType(text, typed, { tools, contextTokens, reasoning }, cues);
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
    openJudgement: cues.includes("multi:assess"),
    briefOutput: brief.length > 0,
    breadth,
    words: wordCount,
    firstWord,
    codeInvolved: typed.codeInvolved,
    cues,
    signals: difficultySignals({ ...task, tools, contextTokens }),
  };
}
