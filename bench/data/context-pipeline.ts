import { type AssembledContext, assembleContext } from "../../kernel/context/assemble-context";
import { createEntityMatcher, type EntityMatcher } from "../../kernel/context/entity-mentions";
import { resolveThread } from "../../kernel/context/resolve-thread";
import {
  planSummaryRefresh,
  refreshSummary,
  type SummaryRefreshPolicy,
  unsummarisedMessages,
} from "../../kernel/context/summary-refresh";
import { linkThreadToParent } from "../../kernel/context/thread-links";
import type {
  EntityRow,
  ResolutionLookups,
  ResolutionRule,
  ThreadRecord,
} from "../../kernel/context/threads";
import type { EmbeddingProvider } from "../../kernel/memory/embedding";
import {
  createExactCosineVectorStore,
  createInMemoryVectorRowStorage,
} from "../../kernel/memory/exact-cosine-store";
import { type FactSet, recordFact } from "../../kernel/memory/facts";
import { indexKnowledge, searchKnowledge } from "../../kernel/memory/knowledge-base";
import type { Reflection, ThreadMessage, ThreadSummary } from "../../kernel/memory/tiers";
import type { VectorStore } from "../../kernel/memory/vector-store";
import { extractFacts, summariseExtractively } from "./context-extract";
import type { Workload, WorkloadEvent } from "./context-workload";

/**
 * Cairn's side of the benchmark: what the queue consumer and the ContextThread Durable Objects do,
 * in one process. Every message is resolved to a thread, appended, mined for facts, and folded into
 * the summary when the policy says so; every question gets a context assembled under the budget.
 * It sees the workload's messages and the tenant's directory (the entities table), nothing else.
 */

interface ThreadState {
  record: ThreadRecord;
  messages: ThreadMessage[];
  summary?: ThreadSummary;
  facts: FactSet;
}

const REFLECTIONS: Reflection[] = [
  {
    id: "lesson-1",
    agentId: "assistant",
    text: "Quote amounts and dates from the facts table, not from old messages.",
    at: 0,
  },
  {
    id: "lesson-2",
    agentId: "assistant",
    text: "When a client changes its billing contact, confirm before sending invoices.",
    at: 0,
  },
];

export class CairnContextPipeline {
  private readonly threads = new Map<string, ThreadState>();
  private readonly lookups: ResolutionLookups;
  private readonly entities: EntityRow[];
  private readonly matcher: EntityMatcher;
  private readonly subjectNames: Record<string, string> = {};
  private readonly knowledge: VectorStore;
  readonly ruleCounts: Record<ResolutionRule, number> = {
    explicit_reference: 0,
    platform_thread: 0,
    participant: 0,
    entity_mention: 0,
    new_conversation: 0,
  };
  /** message id → entity of the thread it landed in (for the scorer's resolution accuracy). */
  readonly landedEntity = new Map<string, string | undefined>();

  constructor(
    private readonly workload: Workload,
    private readonly settings: {
      budgetTokens: number;
      summaryPolicy: SummaryRefreshPolicy;
      embedder: EmbeddingProvider;
    },
  ) {
    this.entities = workload.entities.map((e) => ({
      entityId: e.entityId,
      kind: e.kind,
      name: e.name,
      aliases: e.aliases,
    }));
    this.matcher = createEntityMatcher(this.entities);
    this.lookups = {
      threads: [],
      platformKeys: [],
      references: [],
      participants: workload.entities.flatMap((e) =>
        e.contacts.map((participant) => ({ participant, entityId: e.entityId })),
      ),
      entities: this.entities,
    };
    const byId = new Map(workload.entities.map((e) => [e.entityId, e]));
    for (const e of workload.entities) {
      this.subjectNames[e.entityId] =
        e.kind === "invoice" ? `${e.name} (${byId.get(e.clientId!)?.name})` : e.name;
    }
    this.knowledge = createExactCosineVectorStore(createInMemoryVectorRowStorage(), {
      dimension: settings.embedder.dimension,
    });
  }

  async init(): Promise<void> {
    await indexKnowledge(this.knowledge, this.settings.embedder, this.workload.knowledge);
  }

  async ingest(event: WorkloadEvent): Promise<void> {
    const thread = this.attach(event);
    const message: ThreadMessage = {
      id: event.item.id,
      threadId: thread.record.threadId,
      author: event.author,
      text: event.item.text,
      at: event.at,
    };
    thread.messages.push(message);
    const subjectId = thread.record.entityId ?? thread.record.threadId;
    for (const fact of extractFacts(event.item.text)) {
      thread.facts = recordFact(thread.facts, {
        subjectId,
        ...fact,
        observedAt: event.at,
        sourceMessageId: message.id,
      }).facts;
    }
    const plan = planSummaryRefresh(
      unsummarisedMessages(thread.messages, thread.summary),
      this.settings.summaryPolicy,
    );
    if (plan.refresh) {
      const threadId = thread.record.threadId;
      thread.summary = await refreshSummary({
        threadId,
        summary: thread.summary,
        plan,
        summarise: summariseExtractively,
        now: event.at,
      });
    }
  }

  /** Assembles the context for a question, then files the question in its thread like any message. */
  async answer(event: WorkloadEvent): Promise<AssembledContext> {
    const resolution = resolveThread(event.item, this.lookups, { entityMatcher: this.matcher });
    const thread = resolution.action === "attach" ? this.threads.get(resolution.threadId) : undefined;
    const mentioned = this.matcher.find(event.item.text).map((m) => m.entityId);
    const parent = thread?.record.parentThreadId ? this.threads.get(thread.record.parentThreadId) : undefined;
    const focus = [thread?.record.entityId, parent?.record.entityId, ...mentioned].filter(
      (id): id is string => !!id,
    );

    const related = new Set<ThreadState>();
    const addWithParent = (state: ThreadState | undefined) => {
      if (!state || state === thread) return;
      related.add(state);
      const up = state.record.parentThreadId ? this.threads.get(state.record.parentThreadId) : undefined;
      if (up && up !== thread) related.add(up);
    };
    addWithParent(parent);
    for (const state of this.threads.values()) {
      const record = state.record;
      if (
        thread &&
        (record.parentThreadId === thread.record.threadId ||
          thread.record.linkedThreadIds.includes(record.threadId))
      ) {
        related.add(state);
      }
    }
    for (const entityId of mentioned) {
      const threadId = this.entities.find((e) => e.entityId === entityId)?.threadId;
      addWithParent(threadId ? this.threads.get(threadId) : undefined);
    }

    const knowledge = await searchKnowledge(this.knowledge, this.settings.embedder, event.item.text, {
      topK: 2,
    });
    const context = assembleContext(
      {
        now: event.at,
        thread: thread
          ? { threadId: thread.record.threadId, title: thread.record.title, kind: thread.record.kind }
          : { threadId: "new", title: "New conversation", kind: "conversation" },
        message: { id: event.item.id, author: event.author, text: event.item.text },
        recentMessages: thread ? unsummarisedMessages(thread.messages, thread.summary) : [],
        // As the ContextThread does: the folded messages are searched too.
        history: thread ? thread.messages : [],
        summary: thread?.summary,
        threadFacts: thread ? Object.values(thread.facts) : [],
        entityFacts: [...related].flatMap((state) => Object.values(state.facts)),
        subjectNames: this.subjectNames,
        focusSubjectIds: focus,
        reflections: REFLECTIONS,
        knowledge,
      },
      this.settings.budgetTokens,
    );
    await this.ingest(event);
    return context;
  }

  private attach(event: WorkloadEvent): ThreadState {
    const resolution = resolveThread(event.item, this.lookups, { entityMatcher: this.matcher });
    this.ruleCounts[resolution.rule] += 1;
    const state =
      resolution.action === "attach"
        ? this.threads.get(resolution.threadId)!
        : this.openThread(resolution.thread.kind, resolution.thread.title, resolution.thread.entityId);
    for (const key of resolution.keysToRegister)
      this.lookups.platformKeys.push({ key, threadId: state.record.threadId });
    this.landedEntity.set(event.item.id, state.record.entityId);
    return state;
  }

  private openThread(kind: ThreadRecord["kind"], title: string, entityId: string | undefined): ThreadState {
    const record: ThreadRecord = {
      threadId: `th-${this.threads.size + 1}`,
      tenantId: this.workload.tenantId,
      kind,
      title,
      entityId,
      linkedThreadIds: [],
      status: "open",
    };
    const state: ThreadState = { record, messages: [], facts: {} };
    this.threads.set(record.threadId, state);
    this.lookups.threads.push(record);
    const entity = this.entities.find((e) => e.entityId === entityId);
    if (!entity) return state;
    entity.threadId = record.threadId;
    if (entity.kind === "invoice")
      this.lookups.references.push({ reference: entity.name, threadId: record.threadId });
    const clientId = this.workload.entities.find((e) => e.entityId === entityId)?.clientId;
    const client = this.entities.find((e) => e.entityId === clientId);
    if (client) {
      const parent = client.threadId
        ? this.threads.get(client.threadId)!
        : this.openThread("client", client.name, client.entityId);
      const linked = linkThreadToParent(this.lookups.threads, record.threadId, parent.record.threadId);
      if (!linked.ok) throw new Error(linked.reason);
      this.lookups.threads = linked.threads;
      for (const updated of linked.threads) this.threads.get(updated.threadId)!.record = updated;
    }
    return state;
  }
}
