/**
 * What the ContextThread does with memory around each agent turn, in one call: bring the thread's
 * facts and summary up to date, load the outer tiers, assemble the prompt under the budget, and
 * hand back what the model reads (`contextPrompt`, plus the current message as the user turn).
 */
import { z } from "zod";
import type { Database } from "../../db/client";
import type { ThreadMemoryStore } from "../../durable-objects/context-thread/thread-memory-store";
import type { ThreadStore } from "../../durable-objects/context-thread/thread-store";
import type { AssembledContext, Summariser } from "../../kernel/context";
import type { WorkingItem } from "../../kernel/memory/tiers";
import type { ChatMessage } from "../../providers/types";
import { extractFactsByRules, type FactExtractor, summariseExtractively } from "./thread-extraction";
import {
  assembleTurnContext,
  extractNewFacts,
  refreshSummaryIfDue,
  type ThreadIdentity,
  type ThreadMemoryDeps,
} from "./thread-memory";
import { loadOuterTiers } from "./turn-context";

const MemoryEnvSchema = z.object({
  CONTEXT_BUDGET_TOKENS: z.coerce.number().int().min(200).max(200_000).default(2_000),
});

/** The two cheap model jobs; the lead routes them to the cheapest adequate tier by replacing these. */
export interface MemoryModels {
  summarise: Summariser;
  extractFacts: FactExtractor;
}

export const OFFLINE_MEMORY_MODELS: MemoryModels = {
  summarise: summariseExtractively,
  extractFacts: extractFactsByRules,
};

export interface TurnMemoryDeps {
  env: Env;
  db: Database;
  store: ThreadStore;
  memory: ThreadMemoryStore;
  now: () => number;
  models: MemoryModels;
}

export interface TurnMemoryArgs {
  tenantId: string;
  threadId: string;
  agentId: string;
  /** Unique per turn: the inbound message key or the hand-off key. */
  turnKey: string;
  message: { id: string; author: string; text: string };
  /** How the agent came to this turn, for the participants list. */
  via: string;
  startsFromHandOff?: boolean;
  working?: WorkingItem[];
}

export interface PreparedTurn {
  history: ChatMessage[];
  contextPrompt: string;
  context: AssembledContext;
  identity: ThreadIdentity;
}

export function memoryDeps(deps: TurnMemoryDeps): ThreadMemoryDeps {
  return {
    store: deps.store,
    memory: deps.memory,
    now: deps.now,
    summarise: deps.models.summarise,
    extractFacts: deps.models.extractFacts,
  };
}

export async function prepareTurnMemory(deps: TurnMemoryDeps, args: TurnMemoryArgs): Promise<PreparedTurn> {
  const outer = await loadOuterTiers(deps.env, deps.db, {
    tenantId: args.tenantId,
    threadId: args.threadId,
    agentId: args.agentId,
    query: args.message.text,
  });
  const identity: ThreadIdentity = {
    tenantId: args.tenantId,
    threadId: args.threadId,
    title: outer.record?.title ?? args.threadId,
    kind: outer.record?.kind ?? "conversation",
    entityId: outer.record?.entityId,
  };
  const mem = memoryDeps(deps);
  deps.memory.noteAgent(args.agentId, deps.now(), args.via, true);
  await extractNewFacts(mem, identity);
  // A hand-off starts from the summary as the previous agent left it: no refresh on the way in.
  if (!args.startsFromHandOff) await refreshSummaryIfDue(mem, identity);
  const budget = MemoryEnvSchema.parse(deps.env).CONTEXT_BUDGET_TOKENS;
  const { contextPrompt, context } = assembleTurnContext(mem, {
    thread: identity,
    agentId: args.agentId,
    turnKey: args.turnKey,
    message: args.message,
    budgetTokens: budget,
    working: [...(args.working ?? []), ...outer.working],
    entityFacts: outer.entityFacts,
    subjectNames: outer.subjectNames,
    focusSubjectIds: outer.focusSubjectIds,
    reflections: outer.reflections,
    knowledge: outer.knowledge,
  });
  return { history: [{ role: "user", content: args.message.text }], contextPrompt, context, identity };
}
