import type { Fact } from "./facts";

/**
 * The six memory tiers. Each has one owner (who writes it) and one lifetime (when it goes away),
 * so nothing is remembered twice and nothing outlives its purpose. Context assembly reads all of
 * them and keeps what fits the budget.
 */
export type MemoryTier = "working" | "recent" | "thread" | "entity" | "reflection" | "knowledge";

export interface MemoryTierSpec {
  tier: MemoryTier;
  /** Who writes it. */
  owner: string;
  /** How long it lives. */
  lifetime: string;
  /** Where the worker keeps it. */
  storage: string;
}

export const MEMORY_TIERS: Readonly<Record<MemoryTier, MemoryTierSpec>> = {
  working: {
    tier: "working",
    owner: "the agent's current turn (tool results, plan, scratch)",
    lifetime: "one turn; discarded when the turn ends",
    storage: "in memory of the isolate running the turn",
  },
  recent: {
    tier: "recent",
    owner: "the ContextThread (appended by every message and agent reply)",
    lifetime: "until folded into the thread summary by the refresh policy; kept in storage for audit",
    storage: "ContextThread Durable Object SQLite, messages table",
  },
  thread: {
    tier: "thread",
    owner: "the ContextThread (rolling summary, facts extracted from its messages)",
    lifetime: "as long as the thread; survives hand-off between agents and eviction",
    storage: "ContextThread Durable Object SQLite, summary and facts tables",
  },
  entity: {
    tier: "entity",
    owner: "the entity (client, invoice, project); written by any thread of that entity",
    lifetime: "as long as the entity; a changed value replaces the old, history kept",
    storage: "the entity's ContextThread, read by its child and linked threads",
  },
  reflection: {
    tier: "reflection",
    owner: "one agent (its lessons from past cycles)",
    lifetime: "until the agent's definition replaces or prunes them",
    storage: "AgentLoop Durable Object SQLite",
  },
  knowledge: {
    tier: "knowledge",
    owner: "the tenant (documents, policies, past answers)",
    lifetime: "until deleted by the tenant",
    storage: "vector store: embedded exact cosine in SQLite, or Upstash Vector",
  },
};

/** Working memory of the turn: a tool result, the plan so far. */
export interface WorkingItem {
  id: string;
  text: string;
}

export interface ThreadMessage {
  id: string;
  threadId: string;
  author: string;
  text: string;
  /** Epoch milliseconds. */
  at: number;
}

export interface ThreadSummary {
  threadId: string;
  text: string;
  /** The last message folded in; messages after it are the thread's unsummarised tail. */
  coversThroughMessageId?: string;
  coveredMessageCount: number;
  updatedAt: number;
}

export interface Reflection {
  id: string;
  agentId: string;
  text: string;
  at: number;
}

/** A knowledge-base hit from semantic search; score is in [0, 1] with 1 the closest. */
export interface KnowledgeHit {
  id: string;
  text: string;
  score: number;
}

/** Facts the assembly may use, with the display name of their subject (an entity or the thread). */
export interface FactsWithSubjects {
  facts: Fact[];
  subjectNames: Readonly<Record<string, string>>;
}
