/**
 * A human's decision on a proposal: approve (one vote of the n needed), reject, or cancel a
 * held one — each at most once, audited with the actor and the reason. Execution and rollback
 * are not here: they belong to the ContextThread that owns the thread's sandbox and alarms.
 */
import type { Database } from "../../db/client";
import { type AuditChain, insertAuditEntries } from "../../db/queries/audit";
import { recordVote } from "../../db/queries/proposal-approvals";
import {
  getProposal,
  type ProposalRow,
  transitionProposal,
  updateProposalFields,
} from "../../db/queries/proposals";

export type DecisionOutcome =
  | { outcome: "approved" | "rejected"; proposal: ProposalRow }
  | { outcome: "awaiting_more"; proposal: ProposalRow; approvals: number; needed: number }
  | { outcome: "already_voted"; proposal: ProposalRow }
  | { outcome: "not_found" }
  | { outcome: "expired"; proposal: ProposalRow }
  | { outcome: "already_decided"; proposal: ProposalRow };

export interface ProposalDecision {
  tenantId: string;
  proposalId: string;
  approve: boolean;
  actor: string;
  reason?: string | undefined;
  now: number;
  auditId: string;
  /** The deciding writer's audit chain (a thread's, or the admin API's). */
  chain: AuditChain;
}

export async function decideProposal(db: Database, decision: ProposalDecision): Promise<DecisionOutcome> {
  const { tenantId, proposalId, now, actor, chain } = decision;
  const current = await getProposal(db, tenantId, proposalId);
  if (!current) return { outcome: "not_found" };
  if (current.status !== "pending") return { outcome: "already_decided", proposal: current };

  if (now > current.expiresAt) {
    const expired = await expireProposal(db, current, now, decision.auditId, chain, actor);
    return { outcome: "expired", proposal: expired ?? current };
  }

  const reason = decision.reason ?? (decision.approve ? "approved" : "rejected");
  if (!decision.approve) {
    await recordVote(db, { tenantId, proposalId, approver: actor, verdict: "reject", reason, at: now });
    const moved = await transitionProposal(
      db,
      tenantId,
      proposalId,
      ["pending"],
      "rejected",
      { id: decision.auditId, actor, reason, at: now, chain },
      { decidedBy: actor, decidedAt: now },
    );
    return moved ? { outcome: "rejected", proposal: moved } : reread(db, tenantId, proposalId);
  }

  const vote = await recordVote(db, {
    tenantId,
    proposalId,
    approver: actor,
    verdict: "approve",
    reason,
    at: now,
  });
  if (vote.approvals < current.approvalsNeeded) {
    if (vote.alreadyVoted) return { outcome: "already_voted", proposal: current };
    const counted = await updateProposalFields(db, tenantId, proposalId, "pending", {
      approvalsReceived: vote.approvals,
    });
    await insertAuditEntries(
      db,
      [
        {
          id: decision.auditId,
          tenantId,
          at: now,
          actor,
          action: "proposal.vote",
          subjectType: "proposal",
          subjectId: proposalId,
          threadId: current.threadId,
          agentId: current.agentId,
          detail: { reason, approvals: vote.approvals, needed: current.approvalsNeeded },
        },
      ],
      chain,
    );
    return {
      outcome: "awaiting_more",
      proposal: counted ?? current,
      approvals: vote.approvals,
      needed: current.approvalsNeeded,
    };
  }
  const moved = await transitionProposal(
    db,
    tenantId,
    proposalId,
    ["pending"],
    "approved",
    { id: decision.auditId, actor, reason, at: now, detail: { approvals: vote.approvals }, chain },
    { decidedBy: actor, decidedAt: now, approvalsReceived: vote.approvals },
  );
  return moved ? { outcome: "approved", proposal: moved } : reread(db, tenantId, proposalId);
}

/** pending → expired, by the system; `attemptedBy` names whoever found it too late, if anyone. */
export async function expireProposal(
  db: Database,
  proposal: ProposalRow,
  now: number,
  auditId: string,
  chain: AuditChain,
  attemptedBy?: string,
) {
  return transitionProposal(
    db,
    proposal.tenantId,
    proposal.id,
    ["pending"],
    "expired",
    {
      id: auditId,
      actor: "system",
      reason: `not decided before ${new Date(proposal.expiresAt).toISOString()}`,
      at: now,
      chain,
      ...(attemptedBy ? { detail: { attemptedBy } } : {}),
    },
    { decidedAt: now },
  );
}

export type CancelOutcome =
  | { outcome: "cancelled"; proposal: ProposalRow }
  | { outcome: "not_found" }
  | { outcome: "too_late"; proposal: ProposalRow };

/**
 * Cancels a proposal that has not started: a pending one, or an approved one still held (the
 * undo-send). Once it is executing the send is on its way and cancelling is refused.
 */
export async function cancelProposal(
  db: Database,
  input: {
    tenantId: string;
    proposalId: string;
    actor: string;
    reason?: string | undefined;
    now: number;
    auditId: string;
    chain: AuditChain;
  },
): Promise<CancelOutcome> {
  const current = await getProposal(db, input.tenantId, input.proposalId);
  if (!current) return { outcome: "not_found" };
  const held = current.status === "approved" && current.holdUntil !== null && input.now < current.holdUntil;
  if (current.status !== "pending" && !held) return { outcome: "too_late", proposal: current };
  const moved = await transitionProposal(
    db,
    input.tenantId,
    input.proposalId,
    [current.status],
    "cancelled",
    {
      id: input.auditId,
      actor: input.actor,
      reason: input.reason ?? "cancelled",
      at: input.now,
      chain: input.chain,
    },
    { decidedBy: input.actor, decidedAt: input.now },
  );
  if (moved) return { outcome: "cancelled", proposal: moved };
  const latest = await getProposal(db, input.tenantId, input.proposalId);
  return latest ? { outcome: "too_late", proposal: latest } : { outcome: "not_found" };
}

async function reread(db: Database, tenantId: string, proposalId: string): Promise<DecisionOutcome> {
  const latest = await getProposal(db, tenantId, proposalId);
  return latest ? { outcome: "already_decided", proposal: latest } : { outcome: "not_found" };
}
