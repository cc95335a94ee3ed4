/**
 * What a ContextThread does for a turn, kept apart from the Durable Object's RPC surface: bind
 * the turn's scope, hand the turn engine this thread's ports (its storage, timers, outbox and
 * sandbox), build the proposal runtime, and send through the outbox. The object owns the
 * storage and hands it in.
 */

import type { ConnectedChannel } from "../../channels/adapter";
import type { InboundMessage, OutboundPayload } from "../../channels/message";
import { channelAdapter } from "../../channels/registry";
import { buttonsAsText } from "../../channels/text-approvals";
import { database } from "../../db/client";
import { getAgent } from "../../db/queries/agents";
import type { SandboxJobStore } from "../../durable-objects/context-thread/sandbox-job-store";
import type { ThreadMemoryStore } from "../../durable-objects/context-thread/thread-memory-store";
import type { ThreadStore } from "../../durable-objects/context-thread/thread-store";
import type { Schedules } from "../../durable-objects/schedules";
import { tenantStub } from "../../durable-objects/stubs";
import { validateAgentDefinition } from "../../kernel/agents/load";
import { auditWriter } from "../../kernel/audit/chain";
import type { IdSource } from "../../kernel/ids";
import { decide } from "../../kernel/policy";
import { E2B_API_URL, e2bApiKeyFor } from "../../tools/sandbox/select";
import type { ToolContext } from "../../tools/types";
import { auditChain } from "../audit-chain";
import { type MemoryModels, prepareTurnMemory } from "../memory/thread-turn-memory";
import { queueOutbound } from "../outbox";
import { admitApprover, pressProposalButton } from "../proposals/decisions-in-chat";
import type { ProposalRuntime } from "../proposals/proposal-runtime";
import { checkProposalDuplicate, recordProposalFate } from "../tenant-coordination";
import { createActionServices, type EmailEnv } from "../turn/action-services";
import { AuditBuffer } from "../turn/audit-buffer";
import { proposalMcpCatalogue } from "../turn/mcp-catalogue";
import { type LoadedPolicy, loadEffectivePolicy } from "../turn/policy";
import { sharedCooldownStore } from "../turn/provider-cooldowns";
import { runTurn, type ToolPorts, type ToolScope, toolContextFor } from "../turn/turn-engine";
import { type ThreadScope, type TurnScope, turnScopeOf } from "../turn/turn-scope";
import { labelThreadTurn } from "../turn/turn-trust";
import { cancelReminder, listReminders, scheduleReminder } from "./reminders";
import { type SandboxJobHost, startSandboxJob } from "./sandbox-jobs";
import type { HandOffResult, ThreadHandOffRequest } from "./thread-operations";

export interface TurnOutcome {
  duplicate: boolean;
  reply?: string;
  proposals?: string[];
}

export class ThreadHost {
  constructor(
    private readonly env: Env,
    private readonly store: ThreadStore,
    private readonly memory: ThreadMemoryStore,
    private readonly memoryModels: MemoryModels,
    private readonly ids: IdSource,
    private readonly timers: Schedules,
    private readonly jobs: SandboxJobStore,
  ) {}

  proposalRuntime(scope: ThreadScope): ProposalRuntime {
    const { tenantId, threadId } = scope;
    const db = database(this.env.DB);
    return {
      db,
      chain: auditChain(this.env, tenantId, auditWriter.thread(threadId)),
      now: () => scope.clock.now(),
      ids: this.ids,
      timers: this.timers,
      policyFor: (agentId) => loadEffectivePolicy(db, tenantId, agentId),
      toolContext: (proposal, callKey, policy) =>
        this.toolContext({ ...scope, agentId: proposal.agentId }, scope, callKey, policy),
      mcpCatalogue: (agentId, policy) =>
        proposalMcpCatalogue({
          db,
          tenantId,
          agentId,
          policy: policy.policy,
          encryptionKey: this.env.CAIRN_ENCRYPTION_KEY,
        }),
      post: (payload, key) => this.send(scope, payload, key),
      conversationId: this.store.getSetting("conversation_id") ?? "",
      threadId,
      dedup: {
        check: (proposal) => checkProposalDuplicate(this.env, proposal),
        fate: (tenant, proposalId, fate, at) => recordProposalFate(this.env, tenant, proposalId, fate, at),
      },
    };
  }

  async runTurn(
    scope: ThreadScope,
    inbound: InboundMessage,
    audit: AuditBuffer,
    /** A hand-off names the receiving agent; otherwise the channel's agent answers. */
    agentId: string = scope.channel.agentId,
  ): Promise<TurnOutcome> {
    const db = database(this.env.DB);
    this.store.setSetting("conversation_id", inbound.conversationId);
    if (inbound.threadKey) this.store.setSetting("thread_key", inbound.threadKey);
    const agentRow = await getAgent(db, scope.tenantId, agentId);
    if (!agentRow?.enabled) {
      scope.logger.warn("thread.no_agent", { agent: agentId });
      return { duplicate: false };
    }
    const turnScope = turnScopeOf(
      scope,
      validateAgentDefinition(agentRow.definition, `agents/${agentRow.id} (tenant ${scope.tenantId})`),
    );
    const policy = await loadEffectivePolicy(db, scope.tenantId, turnScope.agent.id);
    const turn = await runTurn(
      turnScope,
      {
        ...this.toolPorts(scope, policy),
        db,
        audit,
        cooldowns: sharedCooldownStore({
          tenantId: scope.tenantId,
          local: {
            get: () => this.store.getSetting("provider_cooldowns"),
            set: (json) => this.store.setSetting("provider_cooldowns", json),
          },
          shared: tenantStub(this.env, scope.tenantId),
        }),
        reply: (payload, key) => this.send(scope, payload, key),
        notifyOwner: (text, key) => this.notifyOwner(scope, text, key),
        reminders: {
          list: async () => listReminders(this.timers),
          schedule: (effect, key, utcOffsetMinutes) =>
            scheduleReminder(this.timers, key, effect, {
              conversationId: inbound.conversationId,
              utcOffsetMinutes,
            }),
          cancel: (key) => cancelReminder(this.timers, key),
        },
      },
      {
        messageKey: inbound.dedupKey,
        taskText: inbound.text,
        ...(await this.turnMemory(turnScope, inbound, scope.channel)),
      },
    );
    this.store.append({
      dedupKey: `reply:${inbound.dedupKey}`,
      role: "assistant",
      sender: turnScope.agent.id,
      text: turn.reply,
      at: scope.clock.now(),
    });
    return { duplicate: false, reply: turn.reply, proposals: turn.proposals };
  }

  /** The tool context of one call in this thread (a turn's, or an approved proposal's execution). */
  toolContext(tool: ToolScope, scope: ThreadScope, callKey: string, policy: LoadedPolicy): ToolContext {
    return toolContextFor(tool, this.toolPorts(scope, policy), callKey);
  }

  /** This thread's side of every tool call: its sandbox, its jobs, its outbox, its services. */
  private toolPorts(scope: ThreadScope, policy: LoadedPolicy): ToolPorts {
    const { tenantId, threadId } = scope;
    return {
      env: this.env,
      policy,
      conversationId: this.store.getSetting("conversation_id") ?? "",
      sandbox: {
        workspace: this.store,
        sandboxId: this.store.getSetting("e2b_sandbox_id"),
        onCreated: async (id) => this.store.setSetting("e2b_sandbox_id", id),
        metadata: { tenant: tenantId, thread: threadId },
        // Long commands in E2B run in the background, polled from this thread's alarm.
        backgroundJobs: (sandbox, agentId) => ({
          start: (command, limits, key) =>
            startSandboxJob(this.sandboxJobHost(scope), sandbox, { agentId, command, limits, callKey: key }),
        }),
      },
      sendMessage: (recipient, text, key) =>
        this.send(scope, { type: "message", conversationId: recipient, text }, key),
      // The action catalogue's ports and the proposal lifecycle (modes, holds, undo windows).
      services: createActionServices({
        db: database(this.env.DB),
        tenantId,
        threadId,
        workspace: this.store,
        env: this.env as EmailEnv,
        coordination: this.env,
        now: () => scope.clock.now(),
      }),
      proposalHost: { runtime: this.proposalRuntime(scope) },
    };
  }

  /** What this thread's background jobs need: its storage, timers, outbox and policy. */
  sandboxJobHost(scope: ThreadScope): SandboxJobHost {
    const { tenantId, threadId, clock } = scope;
    const db = database(this.env.DB);
    return {
      jobs: this.jobs,
      timers: this.timers,
      now: () => clock.now(),
      apiKey: e2bApiKeyFor(this.env, tenantId),
      currentSandboxId: this.store.getSetting("e2b_sandbox_id"),
      egress: async (agentId) => {
        const policy = await loadEffectivePolicy(db, tenantId, agentId);
        const decision = decide(policy.policy, {
          kind: "network",
          agentId,
          url: E2B_API_URL,
          method: "POST",
        });
        return { allowed: decision.effect === "allow", rule: decision.rule, reason: decision.reason };
      },
      post: (text, key) =>
        this.send(
          scope,
          { type: "message", conversationId: this.store.getSetting("conversation_id") ?? "", text },
          key,
        ),
      feedBack: (key, agentId, text) => {
        this.store.append({ dedupKey: key, role: "assistant", sender: agentId, text, at: clock.now() });
      },
      audit: async (entry) => {
        const audit = new AuditBuffer(
          this.ids,
          { tenantId, threadId },
          () => clock.now(),
          auditChain(this.env, tenantId, auditWriter.thread(threadId)),
        );
        audit.add({
          id: entry.id,
          actor: `agent:${entry.agentId}`,
          action: entry.action,
          agentId: entry.agentId,
          subjectType: "sandbox_job",
          subjectId: String(entry.detail.job),
          detail: entry.detail,
        });
        await audit.flush(db);
      },
    };
  }

  /** An inline button pressed on a proposal card: only an approver's press decides it. */
  async pressButton(scope: ThreadScope, inbound: InboundMessage, audit: AuditBuffer): Promise<TurnOutcome> {
    const callback = inbound.callback!;
    const answer = (text: string) =>
      this.send(scope, { type: "callback_answer", callbackId: callback.id, text }, `callback:${callback.id}`);
    const runtime = this.proposalRuntime(scope);
    const actor = `user:${inbound.platform}:${inbound.sender.id}`;
    const refusal = { proposalId: callback.data.split(":")[1] ?? null, attempt: { button: callback.data } };
    if (!(await admitApprover(runtime.db, audit, inbound, scope.channel.config, refusal))) {
      await answer("You are not on this team's approver list.");
      return { duplicate: false };
    }
    const pressed = await pressProposalButton(
      runtime,
      scope.tenantId,
      callback.data,
      actor,
      inbound.platformMessageId,
    );
    // Telegram shows at most 200 characters of a callback answer; the card carries the rest.
    await answer(pressed.answer.slice(0, 200));
    return { duplicate: false };
  }

  /**
   * Hands the thread to another agent, which answers at once from this thread's stored summary,
   * facts and recent messages: nothing is re-summarised and no history is copied anywhere. A
   * repeated hand-off (same key) answers what the first one did.
   */
  async handOff(scope: ThreadScope, input: ThreadHandOffRequest): Promise<HandOffResult> {
    const { tenantId, threadId, channel } = scope;
    const now = scope.clock.now();
    const summaryVersion = this.memory.summary()?.version ?? 0;
    const earlier = this.memory.recordHandoff({
      key: input.handoffKey,
      from: input.fromAgentId,
      to: input.toAgentId,
      note: input.note,
      at: now,
      summaryVersion,
    });
    const dedupKey = `handoff:${input.handoffKey}`;
    const stored = this.store.append({
      dedupKey,
      role: "user",
      sender: `agent:${input.fromAgentId}`,
      text: `Hand-off from ${input.fromAgentId}: ${input.note}`,
      at: now,
    });
    const result = (reply: string, repeated: boolean): HandOffResult => {
      const report = this.memory.latestReport();
      return {
        threadId,
        toAgentId: input.toAgentId,
        reply,
        repeated,
        summaryVersion,
        contextTokens: report?.totalTokens ?? 0,
        included: report?.included.map((item) => `${item.tier}:${item.id}`) ?? [],
      };
    };
    if (stored.turnDone && earlier.reply !== undefined) return result(earlier.reply, true);
    this.memory.noteAgent(input.toAgentId, now, `handoff from ${input.fromAgentId}`, false);
    const audit = new AuditBuffer(
      this.ids,
      { tenantId, threadId },
      () => scope.clock.now(),
      auditChain(this.env, tenantId, auditWriter.thread(threadId)),
    );
    audit.add({
      actor: `agent:${input.fromAgentId}`,
      action: "thread.handoff",
      subjectType: "thread",
      subjectId: threadId,
      detail: { to: input.toAgentId, note: input.note, key: input.handoffKey, summaryVersion },
    });
    const inbound: InboundMessage = {
      tenantId,
      channelId: channel.id,
      platform: channel.platform,
      conversationId: this.store.getSetting("conversation_id") ?? "",
      sender: { id: `agent:${input.fromAgentId}`, name: input.fromAgentId, isBot: false },
      text: stored.text,
      dedupKey,
      receivedAt: now,
    };
    const turn = await this.runTurn(scope, inbound, audit, input.toAgentId);
    await audit.flush(database(this.env.DB));
    this.store.markTurnDone(dedupKey);
    this.memory.finishHandoff(input.handoffKey, turn.reply ?? "");
    return result(turn.reply ?? "", false);
  }

  /**
   * Budget and runaway stops are told to the channel's first approver (the owner), in their
   * private chat with the bot; the key makes it once per day and kind.
   */
  private async notifyOwner(scope: ThreadScope, text: string, key: string) {
    const owner = scope.channel.config.approvers[0];
    if (!owner) {
      scope.logger.warn("owner.unreachable", { note: "channel has no approver to notify" });
      return;
    }
    await this.send(scope, { type: "message", conversationId: owner, text }, key);
  }

  async send(scope: ThreadScope, payload: OutboundPayload, key: string) {
    const { tenantId, threadId, channel } = scope;
    const threadKey = this.store.getSetting("thread_key");
    // A platform without buttons gets the card's choices as text commands.
    const rendered =
      channelAdapter(channel.platform)?.approvals === "text" ? buttonsAsText(payload) : payload;
    const withTopic =
      rendered.type === "message" &&
      threadKey &&
      rendered.conversationId === this.store.getSetting("conversation_id")
        ? { ...rendered, threadKey }
        : rendered;
    await queueOutbound(
      this.env,
      database(this.env.DB),
      this.ids,
      { tenantId, channelId: channel.id, threadId },
      key,
      withTopic,
      scope.clock.now(),
    );
  }

  /** Memory around a turn: facts and summary brought up to date, the prompt assembled under the budget. */
  private async turnMemory(scope: TurnScope, inbound: InboundMessage, channel: ConnectedChannel) {
    const handOff = inbound.dedupKey.startsWith("handoff:");
    const prepared = await prepareTurnMemory(
      {
        env: this.env,
        db: database(this.env.DB),
        store: this.store,
        memory: this.memory,
        now: () => scope.clock.now(),
        models: this.memoryModels,
      },
      {
        tenantId: scope.tenantId,
        threadId: scope.threadId,
        agentId: scope.agent.id,
        turnKey: inbound.dedupKey,
        message: { id: inbound.dedupKey, author: inbound.sender.id, text: inbound.text },
        via: handOff ? `handoff from ${inbound.sender.id}` : "turn",
        startsFromHandOff: handOff,
      },
    );
    // Every item the model reads, labelled by trust (runtime/turn/turn-trust.ts, kernel/trust).
    const context = await labelThreadTurn(
      { db: database(this.env.DB), store: this.store, channel },
      inbound,
      prepared.contextPrompt,
    );
    return { history: prepared.history, contextPrompt: prepared.contextPrompt, context };
  }
}
