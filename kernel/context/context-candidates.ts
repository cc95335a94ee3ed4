import type { Fact } from "../memory/facts";
import type {
  KnowledgeHit,
  MemoryTier,
  Reflection,
  ThreadMessage,
  ThreadSummary,
  WorkingItem,
} from "../memory/tiers";
import type { TextSimilarity } from "./lexical-similarity";
import { type MessageRankingWeights, rankMessages } from "./rank-messages";

/**
 * Turns every memory item into a scored, rendered candidate line. The score orders what the
 * assembler keeps first; the reason says in words why it scored that way, for the inclusion report.
 *
 * Score bands (higher first): working memory 10 · the latest few messages 6 · thread facts 5+ ·
 * the thread summary 4.5 · facts of entities the message is about 4+ · everything else by
 * similarity to the message (0–4): older messages by their hybrid relevance over the whole history
 * (rank-messages.ts), lessons, knowledge and other entities' facts by similarity. Bands encode owner
 * priority; relevance orders within a band.
 */

export interface Candidate {
  tier: MemoryTier;
  id: string;
  /** The section it renders into. */
  section: SectionName;
  /** Rendered text, newline-terminated. */
  text: string;
  score: number;
  reason: string;
  /** Chronological position, for sections that render in time order. */
  at: number;
  /**
   * Items of one group share a heading, written (and charged) once: messages are grouped by day,
   * so each line carries only its author instead of repeating the date.
   */
  group?: string;
}

export type SectionName = "facts" | "summary" | "knowledge" | "lessons" | "recent" | "working";

export const SECTION_TITLES: Readonly<Record<SectionName, string>> = {
  facts: "Known facts (current values)",
  summary: "Thread summary",
  knowledge: "Knowledge base",
  lessons: "Lessons from earlier work",
  recent: "Recent messages",
  working: "Working memory",
};

export interface CandidateSources {
  now: number;
  query: string;
  working: readonly WorkingItem[];
  /** Every message of the thread the turn may draw on (folded or not), the current one excluded. */
  messages: readonly ThreadMessage[];
  summary: ThreadSummary | undefined;
  threadFacts: readonly Fact[];
  entityFacts: readonly Fact[];
  subjectNames: Readonly<Record<string, string>>;
  focusSubjectIds: ReadonlySet<string>;
  reflections: readonly Reflection[];
  knowledge: readonly KnowledgeHit[];
}

export interface CandidateTuning {
  similarity: TextSimilarity;
  keepLatestMessages: number;
  recencyHalfLifeMs: number;
  rankingWeights?: Partial<MessageRankingWeights>;
  /** Cosine of each message to the query, when an embedding provider is configured. */
  vectorScores?: ReadonlyMap<string, number>;
}

export function buildCandidates(sources: CandidateSources, tuning: CandidateTuning): Candidate[] {
  const { now, query } = sources;
  const similarity = (text: string) => round(tuning.similarity(query, text));
  const recency = (at: number) => round(0.5 ** (Math.max(0, now - at) / tuning.recencyHalfLifeMs));
  const candidates: Candidate[] = [];

  for (const item of sources.working) {
    candidates.push({
      tier: "working",
      id: item.id,
      section: "working",
      text: `- ${item.text}\n`,
      score: 10,
      reason: "working memory of this turn",
      at: now,
    });
  }

  const latestFirst = [...sources.messages].sort((a, b) => b.at - a.at || b.id.localeCompare(a.id));
  const latest = latestFirst.slice(0, tuning.keepLatestMessages);
  latest.forEach((message, index) => {
    candidates.push({
      ...messageBase(message),
      score: 6 - index * 0.01,
      reason: `latest message #${index + 1}`,
    });
  });
  const ranked = rankMessages(query, latestFirst.slice(tuning.keepLatestMessages), {
    now,
    recencyHalfLifeMs: tuning.recencyHalfLifeMs,
    weights: tuning.rankingWeights,
    vectorScores: tuning.vectorScores,
  });
  for (const { message, relevance, reason } of ranked) {
    // Unrounded: equal wording is common (a fact restated), and then the newer message must win.
    candidates.push({ ...messageBase(message), score: 4 * relevance, reason });
  }

  for (const fact of sources.threadFacts) {
    const sim = similarity(factSearchText(fact, sources.subjectNames));
    candidates.push(
      factCandidate(fact, "thread", sources.subjectNames, 5 + sim, `thread fact, similarity ${sim}`),
    );
  }

  if (sources.summary && sources.summary.text.trim() !== "") {
    candidates.push({
      tier: "thread",
      id: `summary:${sources.summary.threadId}`,
      section: "summary",
      text: `${sources.summary.text.trim()}\n`,
      score: 4.5,
      reason: `thread summary of ${sources.summary.coveredMessageCount} earlier messages`,
      at: sources.summary.updatedAt,
    });
  }

  for (const fact of sources.entityFacts) {
    const sim = similarity(factSearchText(fact, sources.subjectNames));
    const focused = sources.focusSubjectIds.has(fact.subjectId);
    const rec = recency(fact.current.observedAt);
    const score = focused ? 4 + sim : 2 * sim + 0.5 * rec;
    const reason = focused
      ? `entity of this message, similarity ${sim}`
      : `related entity, similarity ${sim}`;
    candidates.push(factCandidate(fact, "entity", sources.subjectNames, score, reason));
  }

  for (const reflection of sources.reflections) {
    const sim = similarity(reflection.text);
    candidates.push({
      tier: "reflection",
      id: reflection.id,
      section: "lessons",
      text: `- ${reflection.text}\n`,
      score: 0.5 + 2 * sim,
      reason: `lesson, similarity ${sim}`,
      at: reflection.at,
    });
  }

  for (const hit of sources.knowledge) {
    // Vector scores are (1 + cosine) / 2, so 0.5 is "unrelated": rescale to cosine before weighing.
    const cosine = round(Math.max(0, 2 * hit.score - 1));
    const sim = similarity(hit.text);
    candidates.push({
      tier: "knowledge",
      id: hit.id,
      section: "knowledge",
      text: `- ${hit.text}\n`,
      score: 0.5 + 2 * cosine + sim,
      reason: `semantic match ${cosine}, similarity ${sim}`,
      at: 0,
    });
  }
  return candidates;
}

function messageBase(message: ThreadMessage): Omit<Candidate, "score" | "reason"> {
  const text = `${message.author}: ${message.text}\n`;
  return {
    tier: "recent",
    id: message.id,
    section: "recent",
    text,
    at: message.at,
    group: isoDate(message.at),
  };
}

function factCandidate(
  fact: Fact,
  tier: "thread" | "entity",
  subjectNames: Readonly<Record<string, string>>,
  score: number,
  reason: string,
): Candidate {
  return {
    tier,
    id: fact.factId,
    section: "facts",
    text: renderFact(fact, subjectNames),
    score,
    reason,
    at: fact.current.observedAt,
  };
}

/**
 * One line per fact, current value first; the previous value and the latest source message id
 * let the model explain a change ("was $3,900, revised in m812") without the whole history.
 */
export function renderFact(fact: Fact, subjectNames: Readonly<Record<string, string>>): string {
  const subject = subjectNames[fact.subjectId] ?? fact.subjectId;
  const previous = fact.history.at(-1);
  const source = fact.current.sourceMessageIds.at(-1);
  const notes = [`as of ${isoDate(fact.current.observedAt)}`];
  if (source) notes.push(`source ${source}`);
  if (previous) notes.push(`was ${previous.value}`);
  return `- ${subject} · ${fact.attribute.replaceAll("_", " ")}: ${fact.current.value} (${notes.join("; ")})\n`;
}

function factSearchText(fact: Fact, subjectNames: Readonly<Record<string, string>>): string {
  return `${subjectNames[fact.subjectId] ?? ""} ${fact.attribute.replaceAll("_", " ")} ${fact.current.value}`;
}

function isoDate(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
