/**
 * ContextThread: one Durable Object per conversation (and, later, per client, invoice or
 * project). It owns the thread's messages, its sandbox workspace and its agent turns; being a
 * single-threaded actor, it processes one message of a thread at a time and needs no locks.
 *
 * Over 400 lines for one reason: it is the whole RPC surface of the object (receive, replay,
 * proposals, snapshots, hand-offs, merges, knowledge) and its alarm, each method a few lines that
 * check the tenant and hand the work to runtime/threads/ (what each timer does is
 * runtime/threads/thread-timers.ts).
 */

import type { ConnectedChannel } from "../../channels/adapter";
import { type InboundMessage, InboundMessageSchema } from "../../channels/message";
import { connectedChannel } from "../../channels/registry";
import { database } from "../../db/client";
import { getChannel } from "../../db/queries/channels";
import { getProposal } from "../../db/queries/proposals";
import { auditWriter } from "../../kernel/audit/chain";
import { systemClock } from "../../kernel/clock";
import { createIdSource } from "../../kernel/ids";
import { log, scopedLogger } from "../../kernel/log";
import type { Fact, FactSet } from "../../kernel/memory/facts";
import { indexKnowledge, type KnowledgeDocument, searchKnowledge } from "../../kernel/memory/knowledge-base";
import { accepted, isRefusal, type Refusable } from "../../kernel/refusal";
import { auditChain } from "../../runtime/audit-chain";
import {
  KnowledgeDocumentSchema,
  knowledgeObjectName,
  tenantKnowledge,
} from "../../runtime/memory/knowledge";
import { type MemoryModels, OFFLINE_MEMORY_MODELS } from "../../runtime/memory/thread-turn-memory";
import {
  afterDecision,
  type ProposalActionResult,
  type ProposalRequest,
} from "../../runtime/proposals/decisions-in-chat";
import { runInboundTurn } from "../../runtime/threads/inbound-turn";
import { admitNewMessage, meterUsage } from "../../runtime/threads/message-quota";
import { ThreadHost } from "../../runtime/threads/thread-host";
import {
  absorbMerge,
  exportForMerge,
  type HandOffResult,
  type MergeExport,
  parseHandOff,
  type ThreadHandOffRequest,
  type ThreadSnapshot,
  threadSnapshot,
} from "../../runtime/threads/thread-operations";
import { threadTimerHandlers } from "../../runtime/threads/thread-timers";
import {
  armTurn,
  deadLetterTurn,
  MAX_TURN_ATTEMPTS,
  parseTurnTimer,
  poisonReply,
  postponeTurn,
  queueTurn,
  type TurnTimerPayload,
  turnFailed,
  turnFinished,
} from "../../runtime/threads/turn-resumption";
import { AuditBuffer } from "../../runtime/turn/audit-buffer";
import type { ThreadScope } from "../../runtime/turn/turn-scope";
import { CairnObject } from "../cairn-object";
import { Schedules } from "../schedules";
import { SandboxJobStore } from "./sandbox-job-store";
import { ThreadMemoryStore } from "./thread-memory-store";
import { ThreadStore } from "./thread-store";

export interface ReceiveResult {
  duplicate: boolean;
  reply?: string;
  proposals?: string[];
}

export class ContextThread extends CairnObject {
  private readonly clock = systemClock;
  private readonly ids = createIdSource(this.clock);
  private readonly store: ThreadStore;
  private readonly memory: ThreadMemoryStore;
  /** Summariser and fact extractor: offline rules until routed to the cheapest adequate model. */
  private readonly memoryModels: MemoryModels = OFFLINE_MEMORY_MODELS;

  private readonly host: ThreadHost;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new ThreadStore(ctx.storage.sql, () => this.clock.now());
    this.memory = new ThreadMemoryStore(ctx.storage.sql, () => this.store.getSetting("thread_id") ?? "");
    this.host = new ThreadHost(
      env,
      this.store,
      this.memory,
      this.memoryModels,
      this.ids,
      this.timers(),
      new SandboxJobStore(ctx.storage.sql),
    );
  }

  /**
   * Handles one inbound message of this thread; a repeat of a handled message does nothing. The
   * message is stored and its resumption armed before its turn starts (runtime/threads/
   * turn-resumption.ts): from there on the thread's alarm finishes it, so a failed turn is not
   * thrown back to the queue.
   */
  async receive(threadId: string, raw: InboundMessage): Promise<ReceiveResult> {
    const inbound = InboundMessageSchema.parse(raw);
    // The queue consumer's call: a throw is redelivered, then dead-lettered (the one exception).
    const misbound = this.bindThread(threadId, inbound.tenantId);
    if (misbound) throw new Error(misbound);
    const stored = this.storeInbound(inbound);
    if (stored.inserted && (await this.admitNew(threadId, inbound))) {
      this.store.markTurnDone(inbound.dedupKey);
      return { duplicate: false };
    }
    if (stored.turnDone) {
      log("info", "thread.duplicate", { tenant: inbound.tenantId, thread: threadId, key: inbound.dedupKey });
      return { duplicate: true };
    }
    return this.attemptTurn(threadId, inbound);
  }

  /** A new message counted and checked against the quota (runtime/threads/message-quota.ts); true: refused. */
  private async admitNew(threadId: string, inbound: InboundMessage): Promise<boolean> {
    return admitNewMessage(
      {
        db: database(this.env.DB),
        now: this.clock.now(),
        audit: this.auditFor(inbound.tenantId, threadId),
        // The channel is read only when there is something to say (a thread whose channel is gone says nothing).
        send: async (payload, key) => {
          const channel = await this.channelOfThread(inbound.tenantId);
          if (!isRefusal(channel))
            await this.host.send(this.scopeOf(inbound.tenantId, threadId, channel), payload, key);
        },
      },
      threadId,
      inbound,
    );
  }

  /**
   * Stores a dead-lettered message again under a new key and arms its turn: the alarm runs it.
   * The admin API's replay (workers/api/dead-letters.ts).
   */
  async replay(threadId: string, raw: InboundMessage): Promise<Refusable<{ dedupKey: string }>> {
    const parsed = InboundMessageSchema.safeParse(raw);
    if (!parsed.success) return { refused: `bad message: ${parsed.error.issues[0]?.message}` };
    const inbound = parsed.data;
    const misbound = this.bindThread(threadId, inbound.tenantId);
    if (misbound) return { refused: misbound };
    const stored = this.storeInbound(inbound);
    // Due now, no attempt counted yet: the alarm starts it, and the caller does not wait for the turn.
    if (!stored.turnDone) await queueTurn(this.timers(), threadId, inbound, this.clock.now());
    return { dedupKey: inbound.dedupKey };
  }

  /** Turns this instance is running now: the alarm postpones these instead of starting them twice. */
  private readonly running = new Set<string>();

  /** One attempt of a stored message's turn, counted and armed first; poison after its attempts. */
  private async attemptTurn(threadId: string, inbound: InboundMessage): Promise<ReceiveResult> {
    const key = inbound.dedupKey;
    if (this.running.has(key)) return { duplicate: false };
    const record = await armTurn(this.timers(), threadId, inbound, this.clock.now());
    if (record.attempts > MAX_TURN_ATTEMPTS) return this.deadLetter(record);
    this.running.add(key);
    try {
      const result = await this.turn(threadId, inbound);
      this.store.markTurnDone(key);
      await turnFinished(this.timers(), key);
      await meterUsage(database(this.env.DB), inbound.tenantId, this.clock.now(), { turns: 1 });
      return result;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log("error", "thread.turn_failed", {
        tenant: inbound.tenantId,
        thread: threadId,
        key,
        attempts: record.attempts,
        error: message,
      });
      const failed = { ...record, lastError: message };
      if (record.attempts >= MAX_TURN_ATTEMPTS) return this.deadLetter(failed);
      await turnFailed(this.timers(), record, message, this.clock.now());
      return { duplicate: false };
    } finally {
      this.running.delete(key);
    }
  }

  /** The alarm's side of a stored message: resumes its turn unless it is done or running here. */
  private async resumeTurn(payload: unknown): Promise<void> {
    const record = parseTurnTimer(payload);
    if (!record || this.store.isTurnDone(record.inbound.dedupKey)) return;
    if (this.running.has(record.inbound.dedupKey)) {
      await postponeTurn(this.timers(), record, this.clock.now());
      return;
    }
    await this.attemptTurn(record.threadId, record.inbound);
  }

  /** A message out of attempts: told, audited, kept in D1, and done, so the thread moves on. */
  private async deadLetter(record: TurnTimerPayload): Promise<ReceiveResult> {
    const { inbound, threadId } = record;
    const channel = await this.channelOfThread(inbound.tenantId);
    const scope = isRefusal(channel) ? undefined : this.scopeOf(inbound.tenantId, threadId, channel);
    const reference = await deadLetterTurn(
      {
        db: database(this.env.DB),
        ids: this.ids,
        audit: this.auditFor(inbound.tenantId, threadId),
        now: this.clock.now(),
        ...(scope
          ? {
              send: (text: string, key: string) =>
                this.host.send(scope, { type: "message", conversationId: inbound.conversationId, text }, key),
            }
          : {}),
      },
      record,
    );
    log("error", "thread.dead_lettered", { tenant: inbound.tenantId, thread: threadId, reference });
    this.store.markTurnDone(inbound.dedupKey);
    await turnFinished(this.timers(), inbound.dedupKey);
    return { duplicate: false, reply: poisonReply(reference) };
  }

  private auditFor(tenantId: string, threadId: string): AuditBuffer {
    return new AuditBuffer(
      this.ids,
      { tenantId, threadId },
      () => this.clock.now(),
      auditChain(this.env, tenantId, auditWriter.thread(threadId)),
    );
  }

  /** The turn of one stored message (runtime/threads/inbound-turn.ts), on the channel it came from. */
  private async turn(threadId: string, inbound: InboundMessage): Promise<ReceiveResult> {
    const db = database(this.env.DB);
    const row = await getChannel(db, inbound.tenantId, inbound.channelId);
    if (!row) throw new Error(`channel ${inbound.channelId} of ${inbound.tenantId} is gone`);
    return runInboundTurn(
      {
        env: this.env,
        db,
        host: this.host,
        ids: this.ids,
        store: this.store,
        memory: this.memory,
        proposalDecided: (proposalId) => this.proposalDecided(inbound.tenantId, proposalId),
      },
      this.scopeOf(inbound.tenantId, threadId, connectedChannel(row)),
      inbound,
      this.auditFor(inbound.tenantId, threadId),
    );
  }

  /**
   * Called after a proposal of this thread was decided (API, button or chat command): schedules
   * an approved one, announces a rejection, refreshes the card; with a request, rolls back or
   * cancels it on the caller's behalf (the caller checked that the actor may).
   */
  async proposalDecided(
    tenantId: string,
    proposalId: string,
    request?: ProposalRequest,
  ): Promise<Refusable<ProposalActionResult>> {
    const db = database(this.env.DB);
    const proposal = await getProposal(db, tenantId, proposalId);
    if (!proposal) return { refused: `proposal ${proposalId} not found` };
    const misbound = this.bindThread(proposal.threadId, tenantId);
    if (misbound) return { refused: misbound };
    const channel = await this.channelOfThread(tenantId);
    if (isRefusal(channel)) return channel;
    return afterDecision(
      this.host.proposalRuntime(this.scopeOf(tenantId, proposal.threadId, channel)),
      proposal,
      request,
    );
  }

  /** Windows, holds, expiries, reminders, sandbox jobs (any timer kind) share the one alarm: see schedules.ts. */
  override async alarm(): Promise<void> {
    const threadId = this.store.getSetting("thread_id");
    const tenantId = threadId?.split(":")[0];
    if (!threadId || !tenantId) return;
    // Only the timers that speak on the channel need it, so a stranded turn resumes (and, out of
    // attempts, is dead-lettered) even when the channel is gone. A timer that needs it throws, and
    // its row is retried: a channel gone for now may come back.
    let scope: ThreadScope | undefined;
    const scoped = async () =>
      (scope ??= this.scopeOf(
        tenantId,
        threadId,
        accepted(await this.channelOfThread(tenantId), `thread ${threadId}`),
      ));
    const { handlers, giveUp } = threadTimerHandlers({
      host: this.host,
      timers: this.timers(),
      scope: scoped,
      resumeTurn: (payload) => this.resumeTurn(payload),
    });
    await this.timers().runDue(this.clock.now(), handlers, giveUp);
  }

  private schedules?: Schedules;

  private timers(): Schedules {
    this.schedules ??= new Schedules(this.ctx.storage.sql, this.ctx.storage);
    return this.schedules;
  }

  /** The thread as the API and `/thread` show it: summary, facts, agents, hand-offs, latest context. */
  async snapshot(tenantId: string, threadId: string): Promise<Refusable<ThreadSnapshot>> {
    const misbound = this.bindThread(threadId, tenantId);
    if (misbound) return { refused: misbound };
    return threadSnapshot(this.store, this.memory, threadId);
  }

  /** This thread's facts, read as the entity tier by its child and linked threads. */
  async memoryFacts(tenantId: string, threadId: string): Promise<Refusable<Fact[]>> {
    const misbound = this.bindThread(threadId, tenantId);
    if (misbound) return { refused: misbound };
    return Object.values(this.memory.facts());
  }

  /**
   * Hands the thread to another agent, which answers at once from this thread's stored summary,
   * facts and recent messages (runtime/threads/thread-host.ts).
   */
  async handOff(request: ThreadHandOffRequest): Promise<Refusable<HandOffResult>> {
    let input: ThreadHandOffRequest;
    try {
      input = parseHandOff(request);
    } catch (error) {
      return { refused: (error as Error).message };
    }
    const misbound = this.bindThread(input.threadId, input.tenantId);
    if (misbound) return { refused: misbound };
    const channel = await this.channelOfThread(input.tenantId);
    if (isRefusal(channel)) return channel;
    return this.host.handOff(this.scopeOf(input.tenantId, input.threadId, channel), input);
  }

  /** A merge's first half, on the source thread: everything it holds, to move. */
  async mergeExport(tenantId: string, threadId: string): Promise<Refusable<MergeExport>> {
    const misbound = this.bindThread(threadId, tenantId);
    if (misbound) return { refused: misbound };
    return exportForMerge(this.store, this.memory);
  }

  /** A merge's second half, on the target thread: the moved messages and the planned fact set. */
  async mergeAbsorb(
    tenantId: string,
    threadId: string,
    moved: MergeExport["messages"],
    facts: FactSet,
  ): Promise<Refusable<{ absorbed: number }>> {
    const misbound = this.bindThread(threadId, tenantId);
    if (misbound) return { refused: misbound };
    absorbMerge(this.store, this.memory, moved, facts, this.clock.now());
    return { absorbed: moved.length };
  }

  /** The source of a merge keeps its storage for audit and says where the thread went. */
  async markMerged(
    tenantId: string,
    threadId: string,
    into: string,
  ): Promise<Refusable<{ mergedInto: string }>> {
    const misbound = this.bindThread(threadId, tenantId);
    if (misbound) return { refused: misbound };
    this.store.setSetting("merged_into", into);
    return { mergedInto: into };
  }

  /** On the tenant's knowledge object (`<tenant>:knowledge`): embed and store documents. */
  async knowledgeIndex(
    tenantId: string,
    documents: KnowledgeDocument[],
  ): Promise<Refusable<{ indexed: number }>> {
    const misbound = this.bindThread(knowledgeObjectName(tenantId), tenantId);
    if (misbound) return { refused: misbound };
    const docs = KnowledgeDocumentSchema.array().safeParse(documents);
    if (!docs.success) return { refused: `bad documents: ${docs.error.issues[0]?.message}` };
    const { store, embedder } = tenantKnowledge(this.env, tenantId, this.ctx.storage.sql);
    await indexKnowledge(store, embedder, docs.data);
    return { indexed: docs.data.length };
  }

  async knowledgeSearch(tenantId: string, query: string, topK: number) {
    const misbound = this.bindThread(knowledgeObjectName(tenantId), tenantId);
    if (misbound) return { refused: misbound };
    const { store, embedder } = tenantKnowledge(this.env, tenantId, this.ctx.storage.sql);
    return searchKnowledge(store, embedder, query, { topK });
  }

  /** Keeps an inbound message (a button press as its data); a repeat returns the stored one. */
  private storeInbound(inbound: InboundMessage) {
    this.store.setSetting("channel_id", inbound.channelId);
    return this.store.append({
      dedupKey: inbound.dedupKey,
      role: "user",
      sender: inbound.sender.id,
      text: inbound.callback ? `[button ${inbound.callback.data}]` : inbound.text,
      at: inbound.receivedAt,
    });
  }

  /** The scope every piece of this thread's work runs in, bound once per request. */
  private scopeOf(tenantId: string, threadId: string, channel: ConnectedChannel): ThreadScope {
    return {
      tenantId,
      threadId,
      channel,
      clock: this.clock,
      logger: scopedLogger({ tenant: tenantId, thread: threadId }),
    };
  }

  private async channelOfThread(tenantId: string): Promise<Refusable<ConnectedChannel>> {
    const channelId = this.store.getSetting("channel_id");
    const row = channelId ? await getChannel(database(this.env.DB), tenantId, channelId) : null;
    return row ? connectedChannel(row) : { refused: `thread has no channel for tenant ${tenantId}` };
  }

  /** Remembers which thread this object is; the reason it refuses to be another tenant's or thread's. */
  private bindThread(threadId: string, tenantId: string): string | undefined {
    if (!threadId.startsWith(`${tenantId}:`))
      return `thread ${threadId} does not belong to tenant ${tenantId}`;
    const bound = this.store.getSetting("thread_id");
    if (bound && bound !== threadId) return `this object is thread ${bound}, not ${threadId}`;
    if (!bound) this.store.setSetting("thread_id", threadId);
    return undefined;
  }
}
