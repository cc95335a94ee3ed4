/**
 * Thread memory for one turn, inside the ContextThread: first bring the thread's own tiers up to
 * date (facts from new messages, the summary once the tail passes the threshold), then assemble the
 * prompt context under a token budget from every tier and keep the inclusion report. The other
 * tiers (entity facts, reflections, knowledge) arrive loaded by turn-context.ts.
 */

import type { ThreadMemoryStore } from "../../durable-objects/context-thread/thread-memory-store";
import type { StoredThreadMessage, ThreadStore } from "../../durable-objects/context-thread/thread-store";
import {
  type AssembledContext,
  assembleContext,
  DEFAULT_SUMMARY_POLICY,
  planSummaryRefresh,
  refreshSummary,
  type Summariser,
  type SummaryRefreshPolicy,
} from "../../kernel/context";
import { log } from "../../kernel/log";
import { type Fact, type FactSet, recordFact } from "../../kernel/memory/facts";
import type { KnowledgeHit, Reflection, ThreadMessage, WorkingItem } from "../../kernel/memory/tiers";
import type { FactExtractor } from "./thread-extraction";

export interface ThreadMemoryDeps {
  store: ThreadStore;
  memory: ThreadMemoryStore;
  now: () => number;
  /** Routed to the cheapest adequate tier by the caller; extractive offline. */
  summarise: Summariser;
  extractFacts: FactExtractor;
  summaryPolicy?: SummaryRefreshPolicy;
}

export interface ThreadIdentity {
  tenantId: string;
  threadId: string;
  title: string;
  kind: string;
  /** Facts of an entity thread are about the entity, so every thread of the entity can share them. */
  entityId?: string;
}

const FACTS_THROUGH = "facts_through_seq";
/** The oldest messages a turn searches besides the tail; ranking this many takes tens of milliseconds. */
const HISTORY_LIMIT = 20_000;

/** Extracts facts from user messages not yet read; idempotent (a message is read once). */
export async function extractNewFacts(deps: ThreadMemoryDeps, thread: ThreadIdentity): Promise<number> {
  const after = Number(deps.store.getSetting(FACTS_THROUGH) ?? 0);
  const fresh = deps.store.messagesAfter(after);
  if (fresh.length === 0) return 0;
  const before = deps.memory.facts();
  let facts: FactSet = before;
  let changes = 0;
  for (const message of fresh.filter((m) => m.role === "user")) {
    for (const extracted of await deps.extractFacts(message.text)) {
      const result = recordFact(facts, {
        subjectId: thread.entityId ?? thread.threadId,
        attribute: extracted.attribute,
        value: extracted.value,
        observedAt: message.at,
        sourceMessageId: message.id,
      });
      facts = result.facts;
      if (result.change !== "confirmed") changes += 1;
    }
  }
  deps.memory.saveFacts(before, facts, deps.now());
  deps.store.setSetting(FACTS_THROUGH, String(fresh.at(-1)!.seq));
  return changes;
}

/**
 * Folds the older part of the unsummarised tail into the summary when the policy says so. The
 * summariser sees the previous summary and only the folded messages.
 */
export async function refreshSummaryIfDue(
  deps: ThreadMemoryDeps,
  thread: ThreadIdentity,
): Promise<{ refreshed: boolean; reason: string }> {
  const summary = deps.memory.summary();
  const tail = inTimeOrder(deps.store.messagesAfter(summary?.coversThroughSeq ?? 0));
  const plan = planSummaryRefresh(tail, deps.summaryPolicy ?? DEFAULT_SUMMARY_POLICY);
  if (!plan.refresh) return { refreshed: false, reason: plan.reason };
  const next = await refreshSummary({
    threadId: thread.threadId,
    summary,
    plan,
    summarise: deps.summarise,
    now: deps.now(),
  });
  const seqOf = new Map(tail.map((message) => [message.id, message.seq]));
  const foldedSeq = Math.max(...plan.fold.map((message) => seqOf.get(message.id) ?? 0));
  deps.memory.saveSummary(next, foldedSeq);
  log("info", "thread.summary_refreshed", {
    tenant: thread.tenantId,
    thread: thread.threadId,
    reason: plan.reason,
    covered: next.coveredMessageCount,
  });
  return { refreshed: true, reason: plan.reason };
}

export interface TurnContextInput {
  thread: ThreadIdentity;
  agentId: string;
  turnKey: string;
  message: { id: string; author: string; text: string };
  budgetTokens: number;
  working?: WorkingItem[];
  entityFacts?: Fact[];
  subjectNames?: Record<string, string>;
  focusSubjectIds?: string[];
  reflections?: Reflection[];
  knowledge?: KnowledgeHit[];
}

/**
 * Assembles the turn's context from the thread's stored state. Reads, never rewrites: a hand-off
 * assembles from the same summary and facts the previous agent left.
 */
export function assembleTurnContext(
  deps: ThreadMemoryDeps,
  input: TurnContextInput,
): { contextPrompt: string; context: AssembledContext } {
  const summary = deps.memory.summary();
  const threadFacts = Object.values(deps.memory.facts());
  const recent = inTimeOrder(deps.store.messagesAfter(summary?.coversThroughSeq ?? 0));
  // Folded messages are searched too (kernel/context/rank-messages.ts); the kernel merges the two.
  const history = inTimeOrder(deps.store.messagesAfter(0, HISTORY_LIMIT));
  const context = assembleContext(
    {
      now: deps.now(),
      thread: { threadId: input.thread.threadId, title: input.thread.title, kind: input.thread.kind },
      message: input.message,
      working: input.working,
      recentMessages: recent,
      history,
      summary,
      threadFacts,
      entityFacts: input.entityFacts,
      subjectNames: {
        [input.thread.entityId ?? input.thread.threadId]: input.thread.title,
        ...input.subjectNames,
      },
      focusSubjectIds: [input.thread.entityId ?? input.thread.threadId, ...(input.focusSubjectIds ?? [])],
      reflections: input.reflections,
      knowledge: input.knowledge,
    },
    input.budgetTokens,
  );
  deps.memory.saveReport({
    turnKey: input.turnKey,
    agentId: input.agentId,
    at: deps.now(),
    totalTokens: context.totalTokens,
    budgetTokens: context.budgetTokens,
    included: context.included.map(({ tier, id, reason, tokens }) => ({ tier, id, reason, tokens })),
    dropped: context.dropped.map(({ tier, id, reason }) => ({ tier, id, reason })),
  });
  log("info", "thread.context", {
    tenant: input.thread.tenantId,
    thread: input.thread.threadId,
    agent: input.agentId,
    tokens: context.totalTokens,
    budget: context.budgetTokens,
    included: context.included.map((item) => `${item.tier}:${item.id}`),
    dropped: context.dropped.length,
  });
  // The current message goes to the model as the user turn; the rest is the system context.
  const contextPrompt = context.sections
    .filter((section) => section.name !== "message")
    .map((section) => section.text)
    .join("");
  return { contextPrompt, context };
}

/**
 * Stored order is arrival order; times come from two clocks (the platform's and ours), so they are
 * made non-decreasing in arrival order before the kernel sorts by time.
 */
function inTimeOrder(messages: StoredThreadMessage[]): (ThreadMessage & { seq: number })[] {
  let last = 0;
  return messages.map((message) => {
    last = Math.max(last, message.at);
    return {
      seq: message.seq,
      id: message.id,
      threadId: "",
      author: message.author,
      text: message.text,
      at: last,
    };
  });
}
