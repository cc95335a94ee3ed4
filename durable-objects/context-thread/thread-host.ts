/**
 * What a ContextThread does for a turn, kept apart from the Durable Object's RPC surface: run an
 * agent turn (routed model calls, policy, rate budgets, memory), build the tool context and the
 * proposal runtime, and send through the outbox. The object owns the storage and hands it in.
 */

import type { InboundMessage, OutboundPayload } from "../../channels/message";
import { ChannelConfigSchema, channelAdapter } from "../../channels/registry";
import { buttonsAsText } from "../../channels/text-approvals";
import { database } from "../../db/client";
import { getAgent } from "../../db/queries/agents";
import type { ChannelRow } from "../../db/queries/channels";
import { validateAgentDefinition } from "../../kernel/agents/load";
import type { Clock } from "../../kernel/clock";
import type { IdSource } from "../../kernel/ids";
import { log } from "../../kernel/log";
import { decide, rateLimitsFor, sandboxNetworkFor, shellLimitsFor } from "../../kernel/policy";
import { type MemoryModels, prepareTurnMemory } from "../../runtime/memory/thread-turn-memory";
import { queueOutbound } from "../../runtime/outbox";
import type { ProposalRuntime } from "../../runtime/proposals/proposal-runtime";
import { checkProposalDuplicate, recordProposalFate } from "../../runtime/tenant-coordination";
import type { ThreadScope } from "../../runtime/thread-scope";
import { createActionServices, type EmailEnv } from "../../runtime/turn/action-services";
import { runAgentTurn } from "../../runtime/turn/agent-turn";
import { AuditBuffer } from "../../runtime/turn/audit-buffer";
import { deterministicContextFor } from "../../runtime/turn/deterministic-context";
import { TurnModelCalls } from "../../runtime/turn/model-calls";
import { type LoadedPolicy, loadEffectivePolicy } from "../../runtime/turn/policy";
import { sharedCooldownStore } from "../../runtime/turn/provider-cooldowns";
import { labelThreadTurn } from "../../runtime/turn/turn-trust";
import { E2B_API_URL, e2bApiKeyFor, selectSandbox } from "../../tools/sandbox/select";
import type { ToolContext } from "../../tools/types";
import type { Schedules } from "../schedules";
import { tenantStub } from "../stubs";
import { cancelReminder, listReminders, scheduleReminder } from "./reminders";
import type { SandboxJobStore } from "./sandbox-job-store";
import { type SandboxJobHost, startSandboxJob } from "./sandbox-jobs";
import type { ThreadMemoryStore } from "./thread-memory-store";
import type { ThreadStore } from "./thread-store";

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
    private readonly clock: Clock,
    private readonly ids: IdSource,
    private readonly timers: Schedules,
    private readonly jobs: SandboxJobStore,
  ) {}

  proposalRuntime(scope: ThreadScope): ProposalRuntime {
    const { tenantId, threadId } = scope;
    const db = database(this.env.DB);
    return {
      db,
      now: () => this.clock.now(),
      ids: this.ids,
      timers: this.timers,
      policyFor: (agentId) => loadEffectivePolicy(db, tenantId, agentId),
      toolContext: (proposal, callKey, policy) => this.toolContext(scope, proposal.agentId, callKey, policy),
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
  ) {
    const { threadId } = scope;
    const db = database(this.env.DB);
    this.store.setSetting("conversation_id", inbound.conversationId);
    if (inbound.threadKey) this.store.setSetting("thread_key", inbound.threadKey);
    const agentRow = await getAgent(db, inbound.tenantId, agentId);
    if (!agentRow?.enabled) {
      log("warn", "thread.no_agent", { tenant: inbound.tenantId, thread: threadId, agent: agentId });
      return { duplicate: false };
    }
    const agent = validateAgentDefinition(
      agentRow.definition,
      `agents/${agentRow.id} (tenant ${inbound.tenantId})`,
    );
    const models = await TurnModelCalls.open({
      db,
      env: this.env,
      tenantId: inbound.tenantId,
      threadId,
      agent,
      now: () => this.clock.now(),
      audit,
      notifyOwner: (text, key) => this.notifyOwner(scope, text, key),
      cooldowns: sharedCooldownStore({
        tenantId: inbound.tenantId,
        local: {
          get: () => this.store.getSetting("provider_cooldowns"),
          set: (json) => this.store.setSetting("provider_cooldowns", json),
        },
        shared: tenantStub(this.env, inbound.tenantId),
      }),
      deterministic: {
        ...deterministicContextFor(db, this.env.DB, inbound.tenantId),
        listReminders: async () => listReminders(this.timers),
      },
      effects: {
        scheduleReminder: (effect, key, utcOffsetMinutes) =>
          scheduleReminder(this.timers, key, effect, {
            conversationId: inbound.conversationId,
            utcOffsetMinutes,
          }),
        cancelReminder: (key) => cancelReminder(this.timers, key),
      },
    });
    if (models.offline) {
      log("warn", "model.offline", {
        tenant: inbound.tenantId,
        thread: threadId,
        agent: agent.id,
        note: "no model is configured; using the offline provider",
      });
    }
    const policy = await loadEffectivePolicy(db, inbound.tenantId, agent.id);
    const turn = await runAgentTurn(
      {
        db,
        models,
        policy,
        audit,
        now: () => this.clock.now(),
        maxSteps: Number(this.env.MAX_TURN_STEPS) || 4,
        toolContext: this.toolContext(scope, agent.id, "", policy),
        reply: (payload, key) => this.send(scope, payload, key),
        rateBudget: (tool) => this.rateBudget(inbound.tenantId, agent.id, tool, policy),
      },
      {
        tenantId: inbound.tenantId,
        threadId,
        agent,
        messageKey: inbound.dedupKey,
        taskText: inbound.text,
        ...(await this.turnMemory(threadId, inbound, agent.id, scope.channel)),
      },
    );
    this.store.append({
      dedupKey: `reply:${inbound.dedupKey}`,
      role: "assistant",
      sender: agent.id,
      text: turn.reply,
      at: this.clock.now(),
    });
    return { duplicate: false, reply: turn.reply, proposals: turn.proposals };
  }

  toolContext(scope: ThreadScope, agentId: string, callKey: string, policy: LoadedPolicy): ToolContext {
    const { tenantId, threadId, channel } = scope;
    const conversationId = this.store.getSetting("conversation_id") ?? "";
    const sandbox = selectSandbox(
      { E2B_API_KEY: e2bApiKeyFor(this.env, tenantId) },
      {
        store: this.store,
        egress: (url) => {
          const decision = decide(policy.policy, { kind: "network", agentId, url, method: "POST" });
          return { allowed: decision.effect === "allow", rule: decision.rule, reason: decision.reason };
        },
        sandboxId: this.store.getSetting("e2b_sandbox_id"),
        onCreated: async (id) => this.store.setSetting("e2b_sandbox_id", id),
        metadata: { tenant: tenantId, thread: threadId },
        network: sandboxNetworkFor(policy.policy, agentId),
      },
    );
    return {
      tenantId,
      threadId,
      agentId,
      channel: channel.kind,
      conversationId,
      callKey,
      sandbox,
      // Long commands in E2B run in the background, polled from this thread's alarm.
      ...(sandbox.startBackground
        ? {
            backgroundJobs: {
              start: (command, limits, key) =>
                startSandboxJob(this.sandboxJobHost(scope), sandbox, {
                  agentId,
                  command,
                  limits,
                  callKey: key,
                }),
            },
          }
        : {}),
      shellLimits: shellLimitsFor(policy.policy, agentId),
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
        now: () => this.clock.now(),
      }),
      proposalHost: { runtime: this.proposalRuntime(scope) },
    };
  }

  /** What this thread's background jobs need: its storage, timers, outbox and policy. */
  sandboxJobHost(scope: ThreadScope): SandboxJobHost {
    const { tenantId, threadId } = scope;
    const db = database(this.env.DB);
    return {
      jobs: this.jobs,
      timers: this.timers,
      now: () => this.clock.now(),
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
        this.store.append({ dedupKey: key, role: "assistant", sender: agentId, text, at: this.clock.now() });
      },
      audit: async (entry) => {
        const audit = new AuditBuffer(this.ids, { tenantId, threadId }, () => this.clock.now());
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

  /**
   * Budget and runaway stops are told to the channel's first approver (the owner), in their
   * private chat with the bot; the key makes it once per day and kind.
   */
  private async notifyOwner(scope: ThreadScope, text: string, key: string) {
    const { tenantId, threadId, channel } = scope;
    const owner = ChannelConfigSchema.parse(channel.config).approvers[0];
    if (!owner) {
      log("warn", "owner.unreachable", {
        tenant: tenantId,
        thread: threadId,
        note: "channel has no approver to notify",
      });
      return;
    }
    await this.send(scope, { type: "message", conversationId: owner, text }, key);
  }

  private async rateBudget(tenantId: string, agentId: string, tool: string, policy: LoadedPolicy) {
    const limits = rateLimitsFor(policy.policy, agentId, tool);
    if (limits.length === 0) return { allowed: true } as const;
    return tenantStub(this.env, tenantId).consumeRateBudget(
      tenantId,
      agentId,
      tool,
      limits,
      this.clock.now(),
    );
  }

  async send(scope: ThreadScope, payload: OutboundPayload, key: string) {
    const { tenantId, threadId, channel } = scope;
    const threadKey = this.store.getSetting("thread_key");
    // A platform without buttons gets the card's choices as text commands.
    const rendered = channelAdapter(channel.kind)?.approvals === "text" ? buttonsAsText(payload) : payload;
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
      this.clock.now(),
    );
  }

  /** Memory around a turn: facts and summary brought up to date, the prompt assembled under the budget. */
  private async turnMemory(threadId: string, inbound: InboundMessage, agentId: string, channel: ChannelRow) {
    const handOff = inbound.dedupKey.startsWith("handoff:");
    const prepared = await prepareTurnMemory(
      {
        env: this.env,
        db: database(this.env.DB),
        store: this.store,
        memory: this.memory,
        now: () => this.clock.now(),
        models: this.memoryModels,
      },
      {
        tenantId: inbound.tenantId,
        threadId,
        agentId,
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
