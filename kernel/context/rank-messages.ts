import type { ThreadMessage } from "../memory/tiers.js";
import { buildBm25Index } from "./bm25.js";
import { type DateCue, queryCues } from "./query-cues.js";

/**
 * Ranks a thread's whole message history against the message being answered, so evidence folded
 * out of the recent window months ago can still reach the prompt. A hybrid of:
 * - lexical: BM25 over the messages, scaled so the best match is 1;
 * - meaning: an optional cosine per message from any EmbeddingProvider (see vector-scores.ts);
 * - recency: half-life decay, a tie-breaker rather than a driver;
 * - people: what a person the question names said themselves;
 * - dates: messages from the day, month or year the question names;
 * - neighbours: a message right before or after a strong match shares part of its score, because
 *   an answer often sits in the reply to the matching line ("Did you go?" "Yes, last Friday").
 */

export interface MessageRankingWeights {
  lexical: number;
  vector: number;
  recency: number;
  person: number;
  date: number;
  /** Share of a neighbour's relevance a message inherits. */
  neighbour: number;
}

export const DEFAULT_RANKING_WEIGHTS: MessageRankingWeights = {
  lexical: 1,
  vector: 0.5,
  recency: 0.1,
  person: 0.25,
  date: 0.5,
  neighbour: 0.3,
};

export interface MessageRankingOptions {
  now: number;
  recencyHalfLifeMs: number;
  weights?: Partial<MessageRankingWeights>;
  /** Cosine similarity of each message (by id) to the query, from an embedding provider. */
  vectorScores?: ReadonlyMap<string, number>;
}

export interface RankedMessage {
  message: ThreadMessage;
  /** 0–1: the weighted parts divided by the weights that could contribute. */
  relevance: number;
  reason: string;
}

/**
 * @example
 * rankMessages("When did Maria donate her car?", history, { now, recencyHalfLifeMs: 7 * DAY })
 * // [{ message: {id: "D2:1", …}, relevance: 0.81, reason: "lexical 1, person, recency 0.02" }, …]
 */
export function rankMessages(
  query: string,
  messages: readonly ThreadMessage[],
  options: MessageRankingOptions,
): RankedMessage[] {
  if (messages.length === 0) return [];
  const weights = { ...DEFAULT_RANKING_WEIGHTS, ...options.weights };
  const ordered = [...messages].sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
  const lexicalRaw = buildBm25Index(ordered.map((m) => m.text)).score(query);
  const best = Math.max(...lexicalRaw);
  const cues = queryCues(query, new Set(ordered.map((m) => m.author)));
  const vectorWeight = options.vectorScores ? weights.vector : 0;
  const possible =
    weights.lexical +
    vectorWeight +
    weights.recency +
    (cues.people.length > 0 ? weights.person : 0) +
    (cues.dates.length > 0 ? weights.date : 0);

  const parts = ordered.map((message, i) => {
    const lexical = best > 0 ? lexicalRaw[i]! / best : 0;
    const vector = options.vectorScores ? Math.max(0, options.vectorScores.get(message.id) ?? 0) : 0;
    const recency = 0.5 ** (Math.max(0, options.now - message.at) / options.recencyHalfLifeMs);
    const person = cues.people.includes(message.author.toLowerCase()) ? 1 : 0;
    const date = dateMatch(message.at, cues.dates);
    // People and dates narrow down relevant messages; alone they do not make a message relevant.
    const topical = weights.lexical * lexical + vectorWeight * vector;
    const cue = topical > 0 ? weights.person * person + weights.date * date : 0;
    return { lexical, vector, recency, person, date, topical, cue };
  });
  const own = parts.map((p) => p.topical + p.cue);
  return ordered.map((message, i) => {
    const p = parts[i]!;
    const neighbour = Math.max(own[i - 1] ?? 0, own[i + 1] ?? 0) * weights.neighbour;
    const inherited = Math.max(0, neighbour - own[i]!);
    const relevance = (own[i]! + inherited + weights.recency * p.recency) / possible;
    return { message, relevance: round(relevance), reason: describe(p, inherited) };
  });
}

/** 1 inside a named day, month or year; a day also counts its neighbours a little (time zones). */
function dateMatch(at: number, cues: readonly DateCue[]): number {
  let best = 0;
  for (const cue of cues) {
    if (at >= cue.from && at <= cue.to) best = Math.max(best, cue.granularity === "year" ? 0.5 : 1);
    else if (cue.granularity === "day" && Math.abs(at - (cue.from + cue.to) / 2) < 2 * 86_400_000)
      best = Math.max(best, 0.5);
  }
  return best;
}

function describe(
  p: { lexical: number; vector: number; recency: number; person: number; date: number },
  inherited: number,
): string {
  const words = [`lexical ${round(p.lexical)}`];
  if (p.vector > 0) words.push(`vector ${round(p.vector)}`);
  if (p.person > 0) words.push("named person");
  if (p.date > 0) words.push("named date");
  if (inherited > 0) words.push(`next to a match ${round(inherited)}`);
  words.push(`recency ${round(p.recency)}`);
  return words.join(", ");
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
