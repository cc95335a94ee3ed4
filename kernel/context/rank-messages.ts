import type { ThreadMessage } from "../memory/tiers";
import { type Bm25Index, buildBm25Index, DEFAULT_BM25 } from "./bm25";
import { type DateCue, queryCues } from "./query-cues";
import { searchTerms } from "./search-terms";

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
  /** Weight of query-expansion terms (from the best first-pass matches); 0 turns expansion off. */
  expansion: number;
  /**
   * How much of the previous message is indexed with each message (0–1, by repeating its terms
   * less): a reply ("It's a mix of drama and romance!") is found by the question it answers.
   */
  previous: number;
  /** BM25 term saturation and length normalisation. */
  k1: number;
  b: number;
}

export const DEFAULT_RANKING_WEIGHTS: MessageRankingWeights = {
  lexical: 1,
  vector: 0.5,
  recency: 0.1,
  person: 0.25,
  date: 0.5,
  neighbour: 0.7,
  expansion: 0.2,
  previous: 1,
  k1: DEFAULT_BM25.k1,
  b: DEFAULT_BM25.b,
};

const EXPANSION_SOURCES = 5;
const EXPANSION_TERMS = 8;

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
  const index = buildBm25Index(
    ordered.map((m, i) =>
      weights.previous > 0 && adjacent(ordered[i - 1], m)
        ? withPrevious(m.text, ordered[i - 1]!.text, weights.previous)
        : m.text,
    ),
    { k1: weights.k1, b: weights.b },
  );
  const lexicalRaw = expandedScores(index, query, weights.expansion);
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
    const topical = weights.lexical * lexical + vectorWeight * vector;
    return { lexical, vector, recency, person, date, topical };
  });
  const topical = parts.map((p) => p.topical);
  return ordered.map((message, i) => {
    const p = parts[i]!;
    const before = adjacent(ordered[i - 1], message) ? topical[i - 1]! : 0;
    const after = adjacent(message, ordered[i + 1]) ? topical[i + 1]! : 0;
    const inherited = Math.max(0, Math.max(before, after) * weights.neighbour - topical[i]!);
    // People and dates narrow down what matches (or answers a match); alone they make nothing relevant.
    const matched = topical[i]! + inherited;
    const cue = matched > 0 ? weights.person * p.person + weights.date * p.date : 0;
    const relevance = (matched + cue + weights.recency * p.recency) / possible;
    return { message, relevance, reason: `${describe(p, inherited)}; relevance ${round(relevance)}` };
  });
}

/**
 * Two messages are one exchange when the second follows within a few minutes: in a conversation
 * that is a reply; in a busy shared channel, messages further apart are usually about other things.
 */
const REPLY_WINDOW_MS = 10 * 60_000;
function adjacent(first: ThreadMessage | undefined, second: ThreadMessage | undefined): boolean {
  return !!first && !!second && second.at - first.at <= REPLY_WINDOW_MS;
}

/** The previous message's words, thinned to a share of them, after the message's own. */
function withPrevious(text: string, previous: string, share: number): string {
  const words = previous.split(/\s+/);
  const keep = share >= 1 ? words : words.filter((_, i) => (i * share) % 1 < share);
  return `${text} ${keep.join(" ")}`;
}

/**
 * Pseudo-relevance feedback (RM3-style, simplified): the terms that stand out in the best
 * first-pass matches join the query at a lower weight, so "What martial arts has John done?" also
 * finds the message about kickboxing that the matches talk about.
 */
function expandedScores(index: Bm25Index, query: string, weight: number): Float64Array {
  const first = index.score(query);
  if (weight <= 0) return first;
  const queryTerms = new Set(searchTerms(query));
  const top = [...first.keys()]
    .filter((doc) => first[doc]! > 0)
    .sort((a, b) => first[b]! - first[a]!)
    .slice(0, EXPANSION_SOURCES);
  const gain = new Map<string, number>();
  for (const doc of top) {
    for (const term of new Set(index.termsOf(doc))) {
      if (queryTerms.has(term)) continue;
      const df = index.documentFrequency(term);
      if (df < 2) continue;
      gain.set(term, (gain.get(term) ?? 0) + Math.log(1 + index.size / df));
    }
  }
  const expansion = [...gain.entries()].sort((a, b) => b[1] - a[1]).slice(0, EXPANSION_TERMS);
  if (expansion.length === 0) return first;
  const weighted = new Map<string, number>([...queryTerms].map((term) => [term, 1]));
  for (const [term] of expansion) weighted.set(term, weight);
  return index.scoreTerms(weighted);
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
