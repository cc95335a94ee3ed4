/**
 * Loads the memory tiers a turn reads from outside its own thread: entity facts (the facts kept by
 * the thread's parent and linked threads — an invoice thread sees its client's billing contact),
 * the agent's reflections, the tenant knowledge base, and the thread's open tasks and proposals
 * from D1 as working memory. Every source is best effort: a tier that cannot be read is left empty
 * and logged, and the turn still runs on the thread's own memory.
 */
import type { Database } from "../../db/client";
import { agentReflections, openProposalsOfThread, openTasksOfThread } from "../../db/queries/context-memory";
import { threadRecords } from "../../db/queries/context-threads";
import { threadStub } from "../../durable-objects/stubs";
import type { ThreadRecord } from "../../kernel/context";
import { log } from "../../kernel/log";
import type { Fact } from "../../kernel/memory/facts";
import { searchKnowledge } from "../../kernel/memory/knowledge-base";
import type { KnowledgeHit, Reflection, WorkingItem } from "../../kernel/memory/tiers";
import { accepted } from "../../kernel/refusal";
import {
  knowledgeEmbedder,
  knowledgeObjectName,
  knowledgeSettings,
  knowledgeStore,
  usesUpstash,
} from "./knowledge";

export interface OuterTiers {
  record?: ThreadRecord;
  working: WorkingItem[];
  entityFacts: Fact[];
  subjectNames: Record<string, string>;
  focusSubjectIds: string[];
  reflections: Reflection[];
  knowledge: KnowledgeHit[];
}

const KNOWLEDGE_TOP_K = 3;

export async function loadOuterTiers(
  env: Env,
  db: Database,
  args: { tenantId: string; threadId: string; agentId: string; query: string },
): Promise<OuterTiers> {
  const { tenantId, threadId } = args;
  const tiers: OuterTiers = {
    working: [],
    entityFacts: [],
    subjectNames: {},
    focusSubjectIds: [],
    reflections: [],
    knowledge: [],
  };
  const attempt = async (tier: string, load: () => Promise<void>) => {
    try {
      await load();
    } catch (error) {
      log("warn", "thread.tier_unavailable", {
        tenant: tenantId,
        thread: threadId,
        tier,
        error: String(error),
      });
    }
  };
  await Promise.all([
    attempt("entity", async () => {
      const [record] = await threadRecords(db, tenantId, [threadId]);
      tiers.record = record;
      const related = [record?.parentThreadId, ...(record?.linkedThreadIds ?? [])].filter(
        (id): id is string => !!id,
      );
      const records = await threadRecords(db, tenantId, related);
      for (const other of records) {
        const subject = other.entityId ?? other.threadId;
        tiers.subjectNames[subject] = other.title;
        if (other.threadId === record?.parentThreadId) tiers.focusSubjectIds.push(subject);
        tiers.entityFacts.push(
          ...accepted(
            await threadStub(env, other.threadId).memoryFacts(tenantId, other.threadId),
            other.threadId,
          ),
        );
      }
    }),
    attempt("reflection", async () => {
      tiers.reflections = await agentReflections(db, tenantId, args.agentId);
    }),
    attempt("knowledge", async () => {
      tiers.knowledge = await searchTenantKnowledge(env, tenantId, args.query, KNOWLEDGE_TOP_K);
    }),
    attempt("working", async () => {
      const [tasks, proposals] = await Promise.all([
        openTasksOfThread(db, tenantId, threadId),
        openProposalsOfThread(db, tenantId, threadId),
      ]);
      tiers.working.push(
        ...tasks.map((t) => ({ id: `task:${t.id}`, text: `Open task ${t.id} (${t.status}): ${t.title}` })),
        ...proposals.map((p) => ({
          id: `proposal:${p.id}`,
          text: `Proposal ${p.id} (${p.status}): ${p.tool} — ${p.reason}`,
        })),
      );
    }),
  ]);
  return tiers;
}

/** Semantic search of the tenant's knowledge base, on whichever backend is configured. */
export async function searchTenantKnowledge(env: Env, tenantId: string, query: string, topK: number) {
  const settings = knowledgeSettings(env);
  if (usesUpstash(settings)) {
    const embedder = knowledgeEmbedder(settings);
    return searchKnowledge(knowledgeStore(settings, embedder, tenantId), embedder, query, { topK });
  }
  const name = knowledgeObjectName(tenantId);
  return accepted(await threadStub(env, name).knowledgeSearch(tenantId, query, topK), name);
}
