/**
 * What the proposal lifecycle needs from its host, the ContextThread: D1, time, the thread's
 * timers, tool contexts, the outbox, and the policy in force for an agent.
 */
import { z } from "zod";
import type { OutboundPayload } from "../../channels/message";
import type { Database } from "../../db/client";
import type { AuditChain } from "../../db/queries/audit";
import { sentMessageId } from "../../db/queries/proposal-cards";
import type { ProposalRow } from "../../db/queries/proposals";
import type { DedupVerdict, NewProposal } from "../../kernel/dedup";
import type { IdSource } from "../../kernel/ids";
import { log } from "../../kernel/log";
import type { McpCatalogue } from "../../tools/mcp";
import type { ToolContext } from "../../tools/types";
import type { LoadedPolicy } from "../turn/policy";
import { proposalCard } from "./cards";

export const TIMER = {
  execute: "proposal.execute",
  expire: "proposal.expire",
  windowClose: "proposal.window_close",
} as const;

export const TimerPayloadSchema = z.object({ tenantId: z.string(), proposalId: z.string() });

export interface ProposalTimers {
  put(key: string, kind: string, dueAt: number, payload: unknown): Promise<void>;
  cancel(key: string): Promise<void>;
}

export const timerKey = (kind: string, proposalId: string) => `${kind}:${proposalId}`;

export interface ProposalRuntime {
  db: Database;
  /** The thread's audit chain: every lifecycle entry written here is sealed into it. */
  chain: AuditChain;
  now(): number;
  ids: IdSource;
  timers: ProposalTimers;
  policyFor(agentId: string): Promise<LoadedPolicy>;
  toolContext(proposal: ProposalRow, callKey: string, policy: LoadedPolicy): ToolContext;
  /** The tenant's MCP tools, listed again when an approved MCP call runs; absent, none run. */
  mcpCatalogue?(agentId: string, policy: LoadedPolicy): Promise<McpCatalogue>;
  /** Sends through the outbox of the thread's channel; the key makes a repeat a no-op. */
  post(payload: OutboundPayload, idempotencyKey: string): Promise<void>;
  /** The conversation the thread answers in (where cards and results go). */
  conversationId: string;
  /** The thread this runtime belongs to: only its own proposals run here (its workspace, its alarm). */
  threadId: string;
  /** Proposal-layer dedup through the Tenant Durable Object; absent, every proposal is new. */
  dedup?: ProposalDedup;
}

/** The Tenant DO's proposal layer (durable-objects/tenant.ts: checkProposalDuplicate, recordProposalFate). */
export interface ProposalDedup {
  check(proposal: NewProposal & { actor: string }): Promise<DedupVerdict>;
  fate(tenantId: string, proposalId: string, fate: "executed" | "rejected", at: number): Promise<void>;
}

/**
 * Tells the proposal layer how a proposal ended: executed starts the window in which the same
 * action on the same target is refused; rejected (also expired, cancelled, failed, rolled back)
 * stops it blocking a new one. A failure here must not undo the lifecycle step that already
 * happened, so it is logged: the record then keeps its last state until the window passes.
 */
export async function recordProposalFateIn(
  rt: ProposalRuntime,
  proposal: Pick<ProposalRow, "tenantId" | "id">,
  fate: "executed" | "rejected",
): Promise<void> {
  if (!rt.dedup) return;
  try {
    await rt.dedup.fate(proposal.tenantId, proposal.id, fate, rt.now());
  } catch (error) {
    log("warn", "proposal.dedup_fate_failed", {
      tenant: proposal.tenantId,
      proposal: proposal.id,
      fate,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

/** Where a card lives in the chat: set when it is posted or when one of its buttons is pressed. */
export const ChatRefSchema = z.object({
  conversationId: z.string(),
  outboxKey: z.string().optional(),
  platformMessageId: z.string().optional(),
});
export type ChatRef = z.infer<typeof ChatRefSchema>;

export function timerPayload(proposal: ProposalRow) {
  return { tenantId: proposal.tenantId, proposalId: proposal.id };
}

/**
 * Replaces the proposal's card with its current state. The edit's key carries the version, so
 * a retried alarm repeats no edit and a later state is never hidden behind an earlier one.
 */
export async function refreshCard(rt: ProposalRuntime, proposal: ProposalRow, platformMessageId?: string) {
  const ref = ChatRefSchema.safeParse(proposal.chatRef);
  if (!ref.success) return;
  const messageId =
    platformMessageId ??
    ref.data.platformMessageId ??
    (ref.data.outboxKey ? await sentMessageId(rt.db, proposal.tenantId, ref.data.outboxKey) : null);
  if (!messageId) return;
  const card = proposalCard(proposal, proposal.agentId, rt.now());
  await rt.post(
    {
      type: "edit_message",
      conversationId: ref.data.conversationId,
      platformMessageId: messageId,
      text: card.text,
      buttons: card.buttons,
    },
    `proposal:${proposal.id}:card:v${proposal.version}`,
  );
}
