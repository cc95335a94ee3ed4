/**
 * Chat commands answered without a model: /start, /help, /status, /tasks, /approve <id>,
 * /reject <id>. They run before the agent turn, after the sender gate (screenInbound), so a
 * stranger can neither list tasks nor approve anything. /approve takes the same path as the
 * approval button: decideProposal, then the thread's proposalDecided.
 */
import type { ConnectedChannel } from "../../channels/adapter";
import type { ChannelConfig } from "../../channels/channel-config";
import type { InboundMessage, OutboundPayload } from "../../channels/message";
import type { Database } from "../../db/client";
import { getAgent } from "../../db/queries/agents";
import { listProposals } from "../../db/queries/proposals";
import { listTasks } from "../../db/queries/tasks";
import type { IdSource, RandomSource } from "../../kernel/ids";
import { log } from "../../kernel/log";
import { decideProposal } from "../proposals/decisions";
import { admitApprover } from "../proposals/decisions-in-chat";
import type { AuditBuffer } from "../turn/audit-buffer";
import { channelPorts } from "./channel-ports";
import { botIdentity, gateSender, pairingMessage } from "./sender-gate";

export interface ScreenDeps {
  env: Pick<Env, "CAIRN_ENCRYPTION_KEY" | "DB">;
  db: Database;
  audit: AuditBuffer;
  ids: IdSource;
  now: number;
  random?: RandomSource;
  /** Queues a send through the outbox (idempotent by key). */
  send(payload: OutboundPayload, key: string): Promise<void>;
  /** The thread's own proposalDecided: executes or announces the decision exactly once. */
  proposalDecided(proposalId: string): Promise<unknown>;
  /** `/thread`: the current thread described by its own module (thread-chat.ts). */
  describeThread?(): Promise<string>;
}

export interface ScreenResult {
  duplicate: false;
  reply?: string;
}

export const COMMANDS = ["start", "help", "status", "tasks", "approve", "reject", "thread"] as const;
const PROPOSAL_ID = /^prop_[a-z0-9_]+$/;
const TASK_LIMIT = 10;

function helpText(agentName: string): string {
  return [
    `I am ${agentName}, your Cairn agent. Write to me in plain words, or use:`,
    "/status: what is waiting for you",
    "/tasks: the latest tasks on the board",
    "/thread [name or reference]: this conversation's thread, or the one named",
    "/approve <proposal id>, /reject <proposal id>: decide a proposal",
    "/help: this list",
  ].join("\n");
}

/**
 * Returns the result when the message was handled here (refused, ignored, or a command), or null
 * when the agent should take its turn.
 */
export async function screenInbound(
  deps: ScreenDeps,
  inbound: InboundMessage,
  channel: ConnectedChannel,
): Promise<ScreenResult | null> {
  const { config } = channel;
  const reply = async (text: string) => {
    const payload: OutboundPayload = { type: "message", conversationId: inbound.conversationId, text };
    if (inbound.threadKey) payload.threadKey = inbound.threadKey;
    await deps.send(payload, `screen:${inbound.dedupKey}`);
    return { duplicate: false as const, reply: text };
  };
  // Reactions, bots' messages and empty messages are recorded, never answered.
  if (inbound.reaction || inbound.sender.isBot) return { duplicate: false };
  const verdict = await gateSender(
    {
      db: deps.db,
      now: deps.now,
      ...(deps.random ? { random: deps.random } : {}),
      identity: () => botIdentity(channel, inbound, channelPorts(deps.env, channel.tenantId)),
    },
    inbound,
    config,
  );
  if (!verdict.admit) {
    if (verdict.reason === "stranger") {
      deps.audit.add({
        actor: `user:${inbound.platform}:${inbound.sender.id}`,
        action: "channel.sender_refused",
        subjectType: "channel",
        subjectId: channel.id,
        detail: { chatType: inbound.chatType ?? "unknown", pairingOffered: Boolean(verdict.pairingCode) },
      });
      log("info", "thread.sender_refused", { tenant: inbound.tenantId, channel: channel.id });
    }
    return verdict.pairingCode ? reply(pairingMessage(verdict.pairingCode)) : { duplicate: false };
  }
  const command = inbound.command;
  if (!command || !(COMMANDS as readonly string[]).includes(command.name)) return null;
  const answer = await answerCommand(deps, inbound, channel, config, command);
  const result = await reply(answer.text);
  // The decision is announced before its execution reports back, as the button does.
  await answer.afterReply?.();
  return result;
}

interface Answer {
  text: string;
  afterReply?: () => Promise<unknown>;
}

async function answerCommand(
  deps: ScreenDeps,
  inbound: InboundMessage,
  channel: ConnectedChannel,
  config: ChannelConfig,
  command: NonNullable<InboundMessage["command"]>,
): Promise<Answer> {
  const tenantId = inbound.tenantId;
  switch (command.name as (typeof COMMANDS)[number]) {
    case "start":
    case "help": {
      const agent = await getAgent(deps.db, tenantId, channel.agentId);
      return { text: helpText(agent?.name ?? channel.agentId) };
    }
    case "status": {
      const pending = await listProposals(deps.db, tenantId, { status: "pending", limit: 50 });
      const open = await listTasks(deps.db, tenantId, { limit: 200 });
      const active = open.filter((t) => !["done", "failed", "cancelled"].includes(t.status));
      const lines = [`${pending.length} proposal(s) waiting for approval, ${active.length} open task(s).`];
      for (const proposal of pending.slice(0, 5))
        lines.push(`• ${proposal.id}: ${proposal.tool} (${proposal.reason})`);
      return { text: lines.join("\n") };
    }
    case "tasks": {
      const tasks = await listTasks(deps.db, tenantId, { limit: TASK_LIMIT });
      if (tasks.length === 0) return { text: "No tasks on the board." };
      return {
        text: ["Latest tasks:", ...tasks.map((t) => `• [${t.status}] ${t.title} (${t.id})`)].join("\n"),
      };
    }
    case "thread":
      return { text: deps.describeThread ? await deps.describeThread() : "This chat has no thread yet." };
    case "approve":
    case "reject":
      return decide(deps, inbound, config, command.name === "approve", command.args.trim());
  }
}

async function decide(
  deps: ScreenDeps,
  inbound: InboundMessage,
  config: ChannelConfig,
  approve: boolean,
  proposalId: string,
): Promise<Answer> {
  const verb = approve ? "approve" : "reject";
  if (!PROPOSAL_ID.test(proposalId)) return { text: `Usage: /${verb} <proposal id>, e.g. /${verb} prop_123` };
  const actor = `user:${inbound.platform}:${inbound.sender.id}`;
  const refusal = { proposalId, attempt: { via: "command" } };
  if (!(await admitApprover(deps.db, deps.audit, inbound, config, refusal)))
    return { text: "You are not on this team's approver list." };
  const decision = await decideProposal(deps.db, {
    tenantId: inbound.tenantId,
    proposalId,
    approve,
    actor,
    now: deps.now,
    auditId: deps.ids.next("aud"),
    chain: deps.audit.chain,
  });
  switch (decision.outcome) {
    case "approved":
    case "rejected":
      return {
        text:
          decision.outcome === "approved"
            ? `Approved ${proposalId}: running it now.`
            : `Rejected ${proposalId}.`,
        afterReply: () => deps.proposalDecided(proposalId),
      };
    case "not_found":
      return { text: `There is no proposal ${proposalId}.` };
    case "expired":
      return { text: `Proposal ${proposalId} expired before it was decided.` };
    default:
      return { text: `Proposal ${proposalId} is already ${decision.proposal.status}.` };
  }
}
