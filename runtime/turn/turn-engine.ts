/**
 * The turn engine's public surface. A chat thread (ContextThread) and an agent loop's task
 * (AgentLoop) run an agent turn the same way: bind a `TurnScope` once, hand in the `TurnPorts`
 * where the turn's effects land, and call `runTurn`. The engine opens the routed model calls,
 * builds the tool context (the sandbox and its egress from the policy, shell limits, rate
 * budgets) and runs the agent turn; hosts keep only what is theirs: storage, timers, the outbox.
 */
import type { OutboundPayload } from "../../channels/message";
import type { Database } from "../../db/client";
import { tenantStub } from "../../durable-objects/stubs";
import { decide, rateLimitsFor, sandboxNetworkFor, shellLimitsFor } from "../../kernel/policy";
import { accepted } from "../../kernel/refusal";
import type { ReminderSummary, ScheduleReminderEffect } from "../../kernel/routing/deterministic-handlers";
import type { ContextItem } from "../../kernel/trust";
import type { ChatMessage } from "../../providers/types";
import type { McpCatalogue } from "../../tools/mcp";
import type { ActionServices, ProposalHostHandle } from "../../tools/ports";
import type { WorkspaceStore } from "../../tools/sandbox/just-bash";
import { e2bApiKeyFor, selectSandbox } from "../../tools/sandbox/select";
import type { Sandbox } from "../../tools/sandbox/types";
import type { BackgroundJobs, ToolContext } from "../../tools/types";
import { runAgentTurn, type TurnResult } from "./agent-turn";
import type { AuditBuffer } from "./audit-buffer";
import { deterministicContextFor } from "./deterministic-context";
import { loadMcpCatalogue } from "./mcp-catalogue";
import { TurnModelCalls } from "./model-calls";
import type { LoadedPolicy } from "./policy";
import type { CooldownStore } from "./provider-cooldowns";
import type { TurnScope } from "./turn-scope";

/** Where a turn's sandbox keeps its state. */
export interface SandboxPorts {
  /** just-bash's files, when no E2B key is configured. */
  workspace: WorkspaceStore;
  /** The E2B sandbox the host reuses across turns, if it keeps one. */
  sandboxId?: string | undefined;
  onCreated?(sandboxId: string): Promise<void>;
  /** Labels on the E2B sandbox, for the operator's console. */
  metadata: Record<string, string>;
  /** Long E2B commands run in the background where the host can poll them from its alarm. */
  backgroundJobs?(sandbox: Sandbox, agentId: string): BackgroundJobs;
}

/** What a tool call needs from its host, beyond the scope. */
export interface ToolPorts {
  env: Env;
  policy: LoadedPolicy;
  /** The conversation the turn answers: what the tools call "this conversation". */
  conversationId: string;
  sandbox: SandboxPorts;
  sendMessage(recipient: string, text: string, idempotencyKey: string): Promise<void>;
  /** The action catalogue and the proposal lifecycle, where the host has them (a chat thread). */
  services?: ActionServices;
  proposalHost?: ProposalHostHandle;
  /** The tenant's MCP servers' tools, when the host loaded them (runtime/turn/mcp-catalogue.ts). */
  mcp?: McpCatalogue;
}

/** What a turn needs from its host: where its replies, notices, reminders and costs go. */
export interface TurnPorts extends ToolPorts {
  db: Database;
  audit: AuditBuffer;
  /** Provider cooldowns: the host's own between turns, shared with the tenant's other objects. */
  cooldowns: CooldownStore;
  reply(payload: OutboundPayload, idempotencyKey: string): Promise<void>;
  /** Budget and runaway stops, told to whoever watches this host; the key makes it once per day and kind. */
  notifyOwner(text: string, idempotencyKey: string): Promise<void>;
  reminders: ReminderPorts;
}

/** The reminders a T0 answer may list, set or cancel; a host without a chat only lists (none). */
export interface ReminderPorts {
  list(): Promise<ReminderSummary[]>;
  schedule?(effect: ScheduleReminderEffect, key: string, utcOffsetMinutes: number): Promise<void>;
  cancel?(key: string): Promise<void>;
}

/** What is being answered. */
export interface TurnRequest {
  /** The key of the message (or cycle) being answered: the turn's idempotency root. */
  messageKey: string;
  /** What is asked, for the router. */
  taskText: string;
  history: ChatMessage[];
  /** The assembled memory, appended to the system prompt. */
  contextPrompt?: string;
  /** What the model reads, labelled by trust (kernel/trust); left out, all of it is untrusted. */
  context?: ContextItem[];
}

export async function runTurn(scope: TurnScope, ports: TurnPorts, request: TurnRequest): Promise<TurnResult> {
  const { tenantId, threadId, agent, clock } = scope;
  const now = () => clock.now();
  const { schedule, cancel } = ports.reminders;
  const models = await TurnModelCalls.open({
    db: ports.db,
    env: ports.env,
    tenantId,
    threadId,
    agent,
    now,
    audit: ports.audit,
    notifyOwner: ports.notifyOwner,
    cooldowns: ports.cooldowns,
    deterministic: {
      ...deterministicContextFor(ports.db, ports.env.DB, tenantId),
      listReminders: () => ports.reminders.list(),
    },
    ...(schedule && cancel ? { effects: { scheduleReminder: schedule, cancelReminder: cancel } } : {}),
  });
  if (models.offline)
    scope.logger.warn("model.offline", { note: "no model is configured; using the offline provider" });
  const mcp = await loadMcpCatalogue({
    db: ports.db,
    tenantId,
    agentId: agent.id,
    agentTools: agent.tools,
    policy: ports.policy.policy,
    encryptionKey: ports.env.CAIRN_ENCRYPTION_KEY,
    fetch: ports.services?.fetch ?? ((request, init) => fetch(request, init)),
    audit: ports.audit,
  });
  return runAgentTurn(
    {
      db: ports.db,
      models,
      policy: ports.policy,
      audit: ports.audit,
      now,
      maxSteps: Number(ports.env.MAX_TURN_STEPS) || 4,
      toolContext: toolContextFor({ ...scope, agentId: agent.id }, { ...ports, mcp }, ""),
      reply: ports.reply,
      rateBudget: (tool) => rateBudget(scope, ports, tool),
    },
    { tenantId, threadId, agent, ...request },
  );
}

/** The scope a tool call runs in: a turn's, or an approved proposal's (which names only its agent). */
export type ToolScope = Pick<TurnScope, "tenantId" | "threadId" | "channel"> & { agentId: string };

/** The tool context of one call: its sandbox (egress from the policy), limits and ports. */
export function toolContextFor(scope: ToolScope, ports: ToolPorts, callKey: string): ToolContext {
  const { tenantId, threadId, agentId } = scope;
  const policy = ports.policy.policy;
  const sandbox = selectSandbox(
    { E2B_API_KEY: e2bApiKeyFor(ports.env, tenantId) },
    {
      store: ports.sandbox.workspace,
      egress: (url) => {
        const decision = decide(policy, { kind: "network", agentId, url, method: "POST" });
        return { allowed: decision.effect === "allow", rule: decision.rule, reason: decision.reason };
      },
      sandboxId: ports.sandbox.sandboxId,
      onCreated: ports.sandbox.onCreated ?? (async () => undefined),
      metadata: ports.sandbox.metadata,
      network: sandboxNetworkFor(policy, agentId),
    },
  );
  const backgroundJobs = sandbox.startBackground
    ? ports.sandbox.backgroundJobs?.(sandbox, agentId)
    : undefined;
  return {
    tenantId,
    threadId,
    agentId,
    channel: scope.channel.platform,
    conversationId: ports.conversationId,
    callKey,
    sandbox,
    ...(backgroundJobs ? { backgroundJobs } : {}),
    shellLimits: shellLimitsFor(policy, agentId),
    sendMessage: ports.sendMessage,
    ...(ports.services ? { services: ports.services } : {}),
    ...(ports.proposalHost ? { proposalHost: ports.proposalHost } : {}),
    ...(ports.mcp ? { mcp: ports.mcp } : {}),
  };
}

/** A tool family's rate budgets, spent at the tenant's coordinator by chat turns and cycles alike. */
async function rateBudget(scope: TurnScope, ports: TurnPorts, tool: string) {
  const limits = rateLimitsFor(ports.policy.policy, scope.agent.id, tool);
  if (limits.length === 0) return { allowed: true } as const;
  const verdict = await tenantStub(ports.env, scope.tenantId).consumeRateBudget(
    scope.tenantId,
    scope.agent.id,
    tool,
    limits,
    scope.clock.now(),
  );
  return accepted(verdict, "the tenant's rate budgets");
}
