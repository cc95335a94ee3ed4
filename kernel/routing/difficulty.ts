/**
 * The learned difficulty model: a second opinion on requests, trained on the labelled routing
 * sets, that may only ever raise the rules' tier. The rules know the kinds of work their cues
 * name; the model has seen which words, roles, tools and sizes went with hard work in hundreds of
 * labelled requests, including ones phrased in ways no cue lists ("the client's lawyer replied…").
 *
 * It is a softmax regression over sparse signals, so scoring a request is a few dozen additions:
 * no model call, no network, the same answer in a Worker, a Durable Object, the CLI and the
 * benchmark. Weights are trained offline by `npm run train:routing` (bench/routing-train.ts)
 * into difficulty-model.json.
 */
import { cleanText } from "../dedup/normalize";
import { stem } from "../dedup/stem";
import type { ModelTier, RoutingTask, Tier } from "./types";

export interface DifficultyModel {
  /**
   * The labelled files it was trained on, some only in part: difficulty-model.json's `fittedOn`
   * says which part of each, and the benchmark checks that record (bench/routing-blindness.ts).
   */
  trainedOn: readonly string[];
  /** The model raises the rules' tier to t when P(the task needs t or above) reaches this. */
  raiseAt: number;
  /** Per class, in the order T1, T2, T3, T4. */
  bias: readonly number[];
  /** Signal → weight per class (T1…T4). Signals not listed weigh nothing. */
  weights: Readonly<Record<string, readonly number[]>>;
}

/** The model's classes, in the order of its weight vectors. */
export const DIFFICULTY_CLASSES: readonly ModelTier[] = [1, 2, 3, 4];

/**
 * Words that say how someone writes, not what the work is. Trained with them, the model learned
 * one author's habit ("our … and … we" in every hard request) and raised another author's easy
 * requests. Question words ("why", "whether", "should", "how") stay: they ask for judgement.
 */
const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  (
    "a an the and or but nor so to of for on in at by with from into onto as than then " +
    "is are be been being was were am it its this that these those there here " +
    "i me my we us our you your they them their he him his she her " +
    "do does did has have had can will would could may might shall " +
    "please pls just also hi hey thanks thank cheers"
  ).split(" "),
);

const LENGTH_BUCKETS = [5, 10, 20, 35] as const;
const CONTEXT_BUCKETS = [1, 2_000, 8_000, 20_000] as const;

/** "5" for a value of 7 with buckets [5, 10]: the largest bucket the value reaches, or "0". */
function bucket(value: number, limits: readonly number[]): string {
  let reached = 0;
  for (const limit of limits) if (value >= limit) reached = limit;
  return String(reached);
}

/**
 * What the model reads from a task: its word stems (identifiers and numbers folded into "#"),
 * the agent role, the tools at hand, and the size of the request (all its words) and of its
 * material. Nothing from the rules' cues: the model is meant to be a second opinion, not the cues
 * again.
 */
export function difficultySignals(task: RoutingTask): string[] {
  const signals = new Set<string>();
  const words = cleanText(task.text).match(/[\p{L}\p{N}]+(?:[-/.][\p{L}\p{N}]+)*/gu) ?? [];
  for (const word of words) {
    if (FUNCTION_WORDS.has(word)) continue;
    signals.add(/\d/.test(word) ? "w:#" : `w:${stem(word)}`);
  }
  signals.add(`role:${task.agentRole}`);
  const tools = task.tools ?? [];
  for (const tool of tools) signals.add(`tool:${tool}`);
  signals.add(`tools:${Math.min(tools.length, 3)}`);
  signals.add(`len:${bucket(words.length, LENGTH_BUCKETS)}`);
  signals.add(`ctx:${bucket(task.contextTokens ?? 0, CONTEXT_BUCKETS)}`);
  return [...signals];
}

/** P(label = T1…T4) for a task's signals. */
export function tierProbabilities(model: DifficultyModel, signals: readonly string[]): number[] {
  const scores = [...model.bias];
  for (const signal of signals) {
    const weights = model.weights[signal];
    if (!weights) continue;
    for (let k = 0; k < scores.length; k++) scores[k] = (scores[k] ?? 0) + (weights[k] ?? 0);
  }
  const top = Math.max(...scores);
  const exps = scores.map((score) => Math.exp(score - top));
  const total = exps.reduce((sum, value) => sum + value, 0);
  return exps.map((value) => value / total);
}

/** P(the task needs tier `tier` or above). */
export function probabilityAtLeast(probabilities: readonly number[], tier: ModelTier): number {
  let sum = 0;
  for (let k = DIFFICULTY_CLASSES.indexOf(tier); k < probabilities.length; k++) sum += probabilities[k] ?? 0;
  return sum;
}

export interface DifficultyRaise {
  tier: ModelTier;
  probability: number;
  /** The signals that pushed hardest towards the raised tier, for the decision's reason. */
  because: string[];
}

/** The signals whose weights favour "tier or above" over "below it" the most. */
function strongestSignals(model: DifficultyModel, signals: readonly string[], tier: ModelTier): string[] {
  const split = DIFFICULTY_CLASSES.indexOf(tier);
  const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  return signals
    .map((signal) => {
      const weights = model.weights[signal];
      const push = weights ? mean(weights.slice(split)) - mean(weights.slice(0, split)) : 0;
      return { signal, push };
    })
    .filter(({ push }) => push > 0)
    .sort((a, b) => b.push - a.push)
    .slice(0, 3)
    .map(({ signal }) => signal.replace(/^w:/, ""));
}

/**
 * The highest tier above `ruleTier` whose probability ("the task needs this tier or above")
 * reaches `raiseAt`, or null when there is none. Never T0: only a deterministic handler may
 * choose that, so a rules' T0 is left alone.
 */
export function confidentTier(
  probabilities: readonly number[],
  ruleTier: Tier,
  raiseAt: number,
): { tier: ModelTier; probability: number } | null {
  if (ruleTier === 0) return null;
  for (let tier = 4 as ModelTier; tier > ruleTier; tier = (tier - 1) as ModelTier) {
    const probability = probabilityAtLeast(probabilities, tier);
    if (probability >= raiseAt) return { tier, probability };
  }
  return null;
}

/** The model's raise of the rules' tier for a task's signals, with the signals behind it. */
export function difficultyRaise(
  model: DifficultyModel,
  signals: readonly string[],
  ruleTier: Tier,
): DifficultyRaise | null {
  // Nothing can be raised from T0 (a handler's) or from T4: skip the scoring, which would run on
  // every health check and thank-you.
  if (ruleTier === 0 || ruleTier === 4) return null;
  const raise = confidentTier(tierProbabilities(model, signals), ruleTier, model.raiseAt);
  return raise && { ...raise, because: strongestSignals(model, signals, raise.tier) };
}
