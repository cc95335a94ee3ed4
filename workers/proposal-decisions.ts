/**
 * Approve or reject a proposal from outside its chat (the admin API, the dashboard): record the
 * decision in D1 (decideProposal: conditional transitions, one vote per actor), then tell the
 * proposal's thread, which runs an approval exactly once from its alarm. A chat button takes the
 * same decideProposal path inside the thread, so a double submit, or the dashboard racing a chat
 * press, executes once.
 */
import { database } from "../db/client";
import type { ProposalRow } from "../db/queries/proposals";
import { threadStub } from "../durable-objects/stubs";
import { auditWriter } from "../kernel/audit/chain";
import { systemClock } from "../kernel/clock";
import { createIdSource } from "../kernel/ids";
import { isRefusal, type Refusable } from "../kernel/refusal";
import { auditChain } from "../runtime/audit-chain";
import { decideProposal } from "../runtime/proposals/decisions";
import type { ProposalActionResult, ProposalRequest } from "../runtime/proposals/decisions-in-chat";

const ids = createIdSource(systemClock);

/**
 * The thread's answer, typed. RPC types map the row's JSON columns (`unknown`) to `never`; the
 * value itself is a structured clone of exactly this shape.
 */
export async function tellThread(
  env: Env,
  threadId: string,
  tenantId: string,
  proposalId: string,
  request?: ProposalRequest,
): Promise<Refusable<ProposalActionResult>> {
  const stub = threadStub(env, threadId);
  return (await stub.proposalDecided(
    tenantId,
    proposalId,
    request,
  )) as unknown as Refusable<ProposalActionResult>;
}

export type OutsideDecision =
  | { outcome: "not_found" }
  | { outcome: "expired" }
  | { outcome: "already_decided" | "already_voted"; proposal: ProposalRow }
  | { outcome: "refused_by_thread"; message: string }
  | { outcome: "awaiting_more"; proposal: ProposalRow; approvals: number; needed: number }
  | { outcome: "approved" | "rejected"; proposal: ProposalRow; threadOutcome: string; message: string };

export async function decideFromOutside(
  env: Env,
  input: {
    tenantId: string;
    proposalId: string;
    approve: boolean;
    actor: string;
    reason?: string | undefined;
    /** The audit chain the decision is written to (auditWriter.api unless said). */
    writer?: string;
  },
): Promise<OutsideDecision> {
  const { tenantId, proposalId } = input;
  const result = await decideProposal(database(env.DB), {
    tenantId,
    proposalId,
    approve: input.approve,
    actor: input.actor,
    reason: input.reason,
    now: systemClock.now(),
    auditId: ids.next("aud"),
    chain: auditChain(env, tenantId, input.writer ?? auditWriter.api),
  });
  switch (result.outcome) {
    case "not_found":
    case "expired":
      return { outcome: result.outcome };
    case "already_decided":
    case "already_voted":
      return result;
    case "awaiting_more": {
      const told = await tellThread(env, result.proposal.threadId, tenantId, proposalId);
      if (isRefusal(told)) return { outcome: "refused_by_thread", message: told.refused };
      return result;
    }
    default: {
      // The thread owns the sandbox and the alarm: it runs an approval exactly once, soon
      // after this answer, or announces the rejection.
      const done = await tellThread(env, result.proposal.threadId, tenantId, proposalId);
      if (isRefusal(done)) return { outcome: "refused_by_thread", message: done.refused };
      return {
        outcome: result.outcome,
        proposal: done.proposal,
        threadOutcome: done.outcome,
        message: done.message,
      };
    }
  }
}
