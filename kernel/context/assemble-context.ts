import type { Fact } from "../memory/facts";
import type {
  KnowledgeHit,
  MemoryTier,
  Reflection,
  ThreadMessage,
  ThreadSummary,
  WorkingItem,
} from "../memory/tiers";
import { buildCandidates, type Candidate, SECTION_TITLES, type SectionName } from "./context-candidates";
import { lexicalSimilarity, type TextSimilarity } from "./lexical-similarity";
import type { MessageRankingWeights } from "./rank-messages";
import { estimateTokens as estimateTokensHonestly, type TokenEstimator } from "./tokens";

/**
 * Builds the prompt context of one turn from the memory tiers under a token budget, most relevant
 * first, and reports every item it kept or dropped and why. Everything arrives as arguments: the
 * ContextThread Durable Object loads the tiers, the assembler only chooses.
 */

export interface ContextAssemblyInput {
  now: number;
  thread: { threadId: string; title: string; kind: string };
  /** The message being answered: always in the prompt, whatever the budget. */
  message: { id: string; author: string; text: string };
  working?: WorkingItem[];
  /** The thread's unsummarised messages, any order. */
  recentMessages?: ThreadMessage[];
  /**
   * The thread's whole history, folded messages included, any order (may overlap recentMessages).
   * Messages the summary folded away are searched here, so old evidence can still reach the prompt.
   */
  history?: ThreadMessage[];
  summary?: ThreadSummary;
  threadFacts?: Fact[];
  /** Facts of the thread's entity and of its parent and linked threads' entities. */
  entityFacts?: Fact[];
  /** Display names of fact subjects (entity names, invoice numbers). */
  subjectNames?: Record<string, string>;
  /** Entities this message is about (the thread's own and those it mentions): their facts rank first. */
  focusSubjectIds?: string[];
  reflections?: Reflection[];
  knowledge?: KnowledgeHit[];
}

export interface ContextAssemblyOptions {
  estimateTokens?: TokenEstimator;
  similarity?: TextSimilarity;
  /** The latest messages are kept before anything but working memory, for conversational continuity. */
  keepLatestMessages?: number;
  recencyHalfLifeMs?: number;
  rankingWeights?: Partial<MessageRankingWeights>;
  /** Cosine of each history message (by id) to the message, from `messageVectorScores`. */
  vectorScores?: ReadonlyMap<string, number>;
  /**
   * The summary may take at most this share of the budget (its newest lines are kept): once the
   * history is searchable, a long extractive summary mostly repeats what retrieval can bring back.
   */
  summaryShare?: number;
}

export interface ContextInclusion {
  tier: MemoryTier;
  id: string;
  reason: string;
  tokens: number;
  score: number;
}

export interface AssembledContext {
  prompt: string;
  sections: { name: SectionName | "thread" | "message"; title: string; text: string }[];
  included: ContextInclusion[];
  dropped: ContextInclusion[];
  totalTokens: number;
  budgetTokens: number;
  /** True only when the thread header and current message alone exceed the budget. */
  overBudget: boolean;
}

const SECTION_ORDER: readonly SectionName[] = [
  "facts",
  "summary",
  "knowledge",
  "lessons",
  "recent",
  "working",
];
const DAY_MS = 86_400_000;

/**
 * @example
 * const context = assembleContext({ now, thread, message, threadFacts, recentMessages }, 2_000);
 * context.prompt        // the text to put before the model's instructions
 * context.included[0]   // { tier: "thread", id: "inv-1042/amount_due", reason: "thread fact, …", tokens: 21, score: 5.4 }
 */
export function assembleContext(
  input: ContextAssemblyInput,
  budgetTokens: number,
  options: ContextAssemblyOptions = {},
): AssembledContext {
  const estimate = options.estimateTokens ?? estimateTokensHonestly;
  const header = `# Thread: ${input.thread.title} (${input.thread.kind})\n`;
  const current = `## Current message\n[${input.message.author}] ${input.message.text}\n`;
  const fixedTokens = estimate(header) + estimate(current);
  let remaining = budgetTokens - fixedTokens;

  const candidates = buildCandidates(
    {
      now: input.now,
      query: input.message.text,
      working: input.working ?? [],
      messages: uniqueMessages(input.history ?? [], input.recentMessages ?? []).filter(
        (m) => m.id !== input.message.id,
      ),
      summary: trimSummary(input.summary, Math.floor(budgetTokens * (options.summaryShare ?? 0.1)), estimate),
      threadFacts: input.threadFacts ?? [],
      entityFacts: dedupeFacts(input.entityFacts ?? [], input.threadFacts ?? []),
      subjectNames: input.subjectNames ?? {},
      focusSubjectIds: new Set(input.focusSubjectIds ?? []),
      reflections: input.reflections ?? [],
      knowledge: input.knowledge ?? [],
    },
    {
      similarity: options.similarity ?? lexicalSimilarity,
      // The last exchange, verbatim, for continuity; everything older competes on relevance.
      keepLatestMessages: options.keepLatestMessages ?? 2,
      recencyHalfLifeMs: options.recencyHalfLifeMs ?? 7 * DAY_MS,
      rankingWeights: options.rankingWeights,
      vectorScores: options.vectorScores,
    },
  );
  // Stable tie-break on id keeps prompts identical across runs, which keeps provider caches warm.
  candidates.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));

  const kept = new Map<SectionName, Candidate[]>();
  const openGroups = new Set<string>();
  const included: ContextInclusion[] = [];
  const dropped: ContextInclusion[] = [];
  for (const candidate of candidates) {
    const itemTokens = estimate(candidate.text);
    // A section's title and a group's heading cost tokens once, charged to the item that opens it.
    const titleTokens = kept.has(candidate.section) ? 0 : estimate(sectionTitle(candidate.section));
    const groupKey =
      candidate.group === undefined ? undefined : `${candidate.section}\u0000${candidate.group}`;
    const groupTokens =
      groupKey === undefined || openGroups.has(groupKey) ? 0 : estimate(groupHeading(candidate.group!));
    const cost = itemTokens + titleTokens + groupTokens;
    const report = { tier: candidate.tier, id: candidate.id, tokens: itemTokens, score: candidate.score };
    if (cost > remaining) {
      dropped.push({
        ...report,
        reason: `${candidate.reason}; did not fit (${cost} tokens, ${Math.max(0, remaining)} left)`,
      });
      continue;
    }
    remaining -= cost;
    if (groupKey !== undefined) openGroups.add(groupKey);
    const section = kept.get(candidate.section);
    if (section) section.push(candidate);
    else kept.set(candidate.section, [candidate]);
    included.push({ ...report, tokens: cost, reason: candidate.reason });
  }

  const sections: AssembledContext["sections"] = [{ name: "thread", title: "Thread", text: header }];
  for (const name of SECTION_ORDER) {
    const items = kept.get(name);
    if (!items) continue;
    // Messages read in time order; other sections keep relevance order, most relevant on top.
    const ordered =
      name === "recent" ? [...items].sort((a, b) => a.at - b.at || a.id.localeCompare(b.id)) : items;
    let lastGroup: string | undefined;
    const lines = ordered.map((c) => {
      const heading = c.group !== undefined && c.group !== lastGroup ? groupHeading(c.group) : "";
      lastGroup = c.group ?? lastGroup;
      return `${heading}${c.text}`;
    });
    sections.push({ name, title: SECTION_TITLES[name], text: `${sectionTitle(name)}${lines.join("")}` });
  }
  sections.push({ name: "message", title: "Current message", text: current });

  const prompt = sections.map((section) => section.text).join("");
  return {
    prompt,
    sections,
    included,
    dropped,
    totalTokens: estimate(prompt),
    budgetTokens,
    overBudget: fixedTokens > budgetTokens,
  };
}

function sectionTitle(name: SectionName): string {
  return `## ${SECTION_TITLES[name]}\n`;
}

function groupHeading(group: string): string {
  return `### ${group}\n`;
}

/** History and the recent tail overlap; each message is a candidate once. */
function uniqueMessages(...lists: readonly ThreadMessage[][]): ThreadMessage[] {
  const byId = new Map<string, ThreadMessage>();
  for (const list of lists) for (const message of list) byId.set(message.id, message);
  return [...byId.values()];
}

/** Keeps the summary's newest lines that fit its share; lines are appended in time order. */
function trimSummary(
  summary: ThreadSummary | undefined,
  maxTokens: number,
  estimate: TokenEstimator,
): ThreadSummary | undefined {
  if (!summary || estimate(summary.text) <= maxTokens) return summary;
  const lines = summary.text.split("\n");
  const kept: string[] = [];
  let used = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    const cost = estimate(`${lines[i]}\n`);
    if (used + cost > maxTokens) break;
    kept.unshift(lines[i]!);
    used += cost;
  }
  return kept.length === 0 ? undefined : { ...summary, text: kept.join("\n") };
}

/** A fact the thread owns is not repeated as an entity fact. */
function dedupeFacts(entityFacts: readonly Fact[], threadFacts: readonly Fact[]): Fact[] {
  const owned = new Set(threadFacts.map((fact) => fact.factId));
  const seen = new Set<string>();
  return entityFacts.filter((fact) => {
    if (owned.has(fact.factId) || seen.has(fact.factId)) return false;
    seen.add(fact.factId);
    return true;
  });
}
