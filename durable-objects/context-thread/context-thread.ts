/**
 * ContextThread: one Durable Object per conversation (and, later, per client, invoice or
 * project). It owns the thread's messages, its sandbox workspace and its agent turns; being a
 * single-threaded actor, it processes one message of a thread at a time and needs no locks.
 */
import { DurableObject } from "cloudflare:workers";
import { ChannelConfigSchema } from "../../channels/channel-config";
import { type InboundMessage, InboundMessageSchema, type OutboundPayload } from "../../channels/message";
import { database } from "../../db/client";
import { decideProposal } from "../../db/proposal-decisions";
import { getAgent } from "../../db/queries/agents";
import { type ChannelRow, getChannel } from "../../db/queries/channels";
import { getProposal, type ProposalRow } from "../../db/queries/proposals";
import { touchThread } from "../../db/queries/threads";
import { validateAgentDefinition } from "../../kernel/agents/load";
import { systemClock } from "../../kernel/clock";
import { createIdSource } from "../../kernel/ids";
import { log } from "../../kernel/log";
import { shellLimitsFor } from "../../kernel/policy";
import { selectProvider } from "../../providers/select";
import { selectSandbox } from "../../tools/sandbox/select";
import type { ToolContext } from "../../tools/types";
import { queueOutbound } from "../outbound";
import { runAgentTurn } from "./agent-turn";
import { AuditBuffer } from "./audit-buffer";
import { screenInbound } from "./chat-commands";
import { type LoadedPolicy, loadEffectivePolicy } from "./policy";
import { executeApprovedProposal } from "./proposal-execution";
import { ThreadStore } from "./thread-store";

const CALLBACK = /^p:(prop_[a-z0-9_]+):(a|r)$/;
const HISTORY_LIMIT = 20;

export interface ReceiveResult {
  duplicate: boolean;
  reply?: string;
  proposals?: string[];
}

export class ContextThread extends DurableObject<Env> {
  private readonly clock = systemClock;
  private readonly ids = createIdSource(this.clock);
  private readonly store: ThreadStore;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new ThreadStore(ctx.storage.sql, () => this.clock.now());
  }

  /** Handles one inbound message of this thread; a repeat of a handled message does nothing. */
  async receive(threadId: string, raw: InboundMessage): Promise<ReceiveResult> {
    const inbound = InboundMessageSchema.parse(raw);
    this.bindThread(threadId, inbound.tenantId);
    this.store.setSetting("channel_id", inbound.channelId);
    const db = database(this.env.DB);
    const channel = await getChannel(db, inbound.tenantId, inbound.channelId);
    if (!channel) throw new Error(`channel ${inbound.channelId} of ${inbound.tenantId} is gone`);
    const audit = new AuditBuffer(this.ids, { tenantId: inbound.tenantId, threadId }, () => this.clock.now());

    const stored = this.store.append({
      dedupKey: inbound.dedupKey,
      role: "user",
      sender: inbound.sender.id,
      text: inbound.callback ? `[button ${inbound.callback.data}]` : inbound.text,
      at: inbound.receivedAt,
    });
    if (stored.turnDone) {
      log("info", "thread.duplicate", { tenant: inbound.tenantId, thread: threadId, key: inbound.dedupKey });
      return { duplicate: true };
    }
    await touchThread(db, {
      id: threadId,
      tenantId: inbound.tenantId,
      channelId: inbound.channelId,
      kind: "conversation",
      externalRef: inbound.threadKey
        ? `${inbound.conversationId}/${inbound.threadKey}`
        : inbound.conversationId,
      title: `${inbound.platform} chat ${inbound.conversationId}`,
      at: inbound.receivedAt,
    });

    let result: ReceiveResult;
    // Sender gate and model-free chat commands (channels engineer: chat-commands.ts, sender-gate.ts).
    const screened = inbound.callback
      ? null
      : await screenInbound(
          {
            env: this.env,
            db,
            audit,
            ids: this.ids,
            now: this.clock.now(),
            send: (payload, key) => this.send(inbound.tenantId, channel, threadId, payload, key),
            proposalDecided: (proposalId) => this.proposalDecided(inbound.tenantId, proposalId),
          },
          inbound,
          channel,
        );
    if (inbound.callback) {
      result = await this.handleButton(threadId, inbound, channel, audit);
    } else if (screened) {
      result = screened;
    } else if (inbound.sender.isBot || inbound.text.trim() === "") {
      result = { duplicate: false };
    } else {
      result = await this.runTurn(threadId, inbound, channel, stored.seq, audit);
    }
    await audit.flush(db);
    this.store.markTurnDone(inbound.dedupKey);
    return result;
  }

  /** Called after a proposal of this thread was approved or rejected (API or chat). */
  async proposalDecided(tenantId: string, proposalId: string): Promise<ProposalRow> {
    const db = database(this.env.DB);
    const proposal = await getProposal(db, tenantId, proposalId);
    if (!proposal) throw new Error(`proposal ${proposalId} not found`);
    this.bindThread(proposal.threadId, tenantId);
    const channel = await this.channelOfThread(tenantId);
    const audit = new AuditBuffer(this.ids, { tenantId, threadId: proposal.threadId }, () =>
      this.clock.now(),
    );
    const policy = await loadEffectivePolicy(db, tenantId, proposal.agentId);
    const reply = (payload: OutboundPayload, key: string) =>
      this.send(tenantId, channel, proposal.threadId, payload, key);
    const outcome = await executeApprovedProposal(
      {
        db,
        policy,
        audit,
        now: () => this.clock.now(),
        toolContext: (callKey) =>
          this.toolContext(tenantId, proposal.threadId, proposal.agentId, channel, callKey, policy),
        reply,
        conversationId: this.store.getSetting("conversation_id") ?? "",
      },
      proposal,
    );
    await audit.flush(db);
    return outcome;
  }

  private async runTurn(
    threadId: string,
    inbound: InboundMessage,
    channel: ChannelRow,
    seq: number,
    audit: AuditBuffer,
  ) {
    const db = database(this.env.DB);
    this.store.setSetting("conversation_id", inbound.conversationId);
    if (inbound.threadKey) this.store.setSetting("thread_key", inbound.threadKey);
    const agentRow = await getAgent(db, inbound.tenantId, channel.agentId);
    if (!agentRow?.enabled) {
      log("warn", "thread.no_agent", { tenant: inbound.tenantId, thread: threadId, agent: channel.agentId });
      return { duplicate: false };
    }
    const agent = validateAgentDefinition(
      agentRow.definition,
      `agents/${agentRow.id} (tenant ${inbound.tenantId})`,
    );
    const provider = selectProvider(this.env, agent);
    if (provider.provider.offline) {
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
        provider: provider.provider,
        policy,
        audit,
        now: () => this.clock.now(),
        maxSteps: Number(this.env.MAX_TURN_STEPS) || 4,
        toolContext: this.toolContext(inbound.tenantId, threadId, agent.id, channel, "", policy),
        reply: (payload, key) => this.send(inbound.tenantId, channel, threadId, payload, key),
        costMicros: provider.costMicros,
      },
      {
        tenantId: inbound.tenantId,
        threadId,
        agent,
        messageKey: inbound.dedupKey,
        history: this.store.history(seq, HISTORY_LIMIT),
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

  private async handleButton(
    threadId: string,
    inbound: InboundMessage,
    channel: ChannelRow,
    audit: AuditBuffer,
  ): Promise<ReceiveResult> {
    const db = database(this.env.DB);
    const callback = inbound.callback!;
    const answer = (text: string) =>
      this.send(
        inbound.tenantId,
        channel,
        threadId,
        { type: "callback_answer", callbackId: callback.id, text },
        `callback:${callback.id}`,
      );
    const match = CALLBACK.exec(callback.data);
    if (!match?.[1]) {
      await answer("This button is not one of mine.");
      return { duplicate: false };
    }
    const [, proposalId, verb] = match;
    const config = ChannelConfigSchema.parse(channel.config);
    const actor = `user:${inbound.platform}:${inbound.sender.id}`;
    if (!config.approvers.includes(inbound.sender.id)) {
      audit.add({
        actor,
        action: "proposal.approval_refused",
        subjectType: "proposal",
        subjectId: proposalId,
        detail: { reason: "not an approver" },
      });
      await answer("You are not on this team's approver list.");
      return { duplicate: false };
    }
    const decision = await decideProposal(db, {
      tenantId: inbound.tenantId,
      proposalId,
      approve: verb === "a",
      actor,
      now: this.clock.now(),
      auditId: this.ids.next("aud"),
    });
    if (decision.outcome === "approved" || decision.outcome === "rejected") {
      await answer(decision.outcome === "approved" ? "Approved: running it now." : "Rejected.");
      await this.proposalDecided(inbound.tenantId, proposalId);
    } else if (decision.outcome === "not_found") {
      await answer("That proposal does not exist.");
    } else {
      await answer(`That proposal is already ${decision.proposal.status}.`);
    }
    return { duplicate: false };
  }

  private toolContext(
    tenantId: string,
    threadId: string,
    agentId: string,
    channel: ChannelRow,
    callKey: string,
    policy: LoadedPolicy,
  ): ToolContext {
    const conversationId = this.store.getSetting("conversation_id") ?? "";
    return {
      tenantId,
      threadId,
      agentId,
      channel: channel.kind,
      conversationId,
      callKey,
      sandbox: selectSandbox(this.env, {
        store: this.store,
        sandboxId: this.store.getSetting("e2b_sandbox_id"),
        onCreated: async (id) => this.store.setSetting("e2b_sandbox_id", id),
        metadata: { tenant: tenantId, thread: threadId },
      }),
      shellLimits: shellLimitsFor(policy.policy, agentId),
      sendMessage: (recipient, text, key) =>
        this.send(tenantId, channel, threadId, { type: "message", conversationId: recipient, text }, key),
    };
  }

  private async send(
    tenantId: string,
    channel: ChannelRow,
    threadId: string,
    payload: OutboundPayload,
    key: string,
  ) {
    const threadKey = this.store.getSetting("thread_key");
    const withTopic =
      payload.type === "message" &&
      threadKey &&
      payload.conversationId === this.store.getSetting("conversation_id")
        ? { ...payload, threadKey }
        : payload;
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

  private async channelOfThread(tenantId: string): Promise<ChannelRow> {
    const channelId = this.store.getSetting("channel_id");
    const channel = channelId ? await getChannel(database(this.env.DB), tenantId, channelId) : null;
    if (!channel) throw new Error(`thread has no channel for tenant ${tenantId}`);
    return channel;
  }

  /** Remembers which thread this object is, and refuses to be used as another tenant's. */
  private bindThread(threadId: string, tenantId: string) {
    if (!threadId.startsWith(`${tenantId}:`))
      throw new Error(`thread ${threadId} does not belong to tenant ${tenantId}`);
    const bound = this.store.getSetting("thread_id");
    if (bound && bound !== threadId) throw new Error(`this object is thread ${bound}, not ${threadId}`);
    if (!bound) this.store.setSetting("thread_id", threadId);
  }
}
