/**
 * A human's decision on a proposal: approve or reject, exactly once, audited with the actor.
 * Execution is not here: it belongs to the ContextThread that owns the sandbox.
 */
import type { Database } from "./client";
import { insertAuditEntries } from "./queries/audit";
import { getProposal, type ProposalRow, transitionProposal } from "./queries/proposals";

export type DecisionOutcome =
  | { outcome: "approved" | "rejected"; proposal: ProposalRow }
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
}

export async function decideProposal(db: Database, decision: ProposalDecision): Promise<DecisionOutcome> {
  const { tenantId, proposalId, now } = decision;
  const current = await getProposal(db, tenantId, proposalId);
  if (!current) return { outcome: "not_found" };
  if (current.status !== "pending") return { outcome: "already_decided", proposal: current };

  if (now > current.expiresAt) {
    const expired = await transitionProposal(db, tenantId, proposalId, ["pending"], "expired", {
      decidedAt: now,
    });
    if (expired) {
      await insertAuditEntries(db, [
        {
          id: decision.auditId,
          tenantId,
          at: now,
          actor: "system",
          action: "proposal.expired",
          subjectType: "proposal",
          subjectId: proposalId,
          threadId: current.threadId,
          agentId: current.agentId,
          detail: { attemptedBy: decision.actor },
        },
      ]);
    }
    return { outcome: "expired", proposal: expired ?? current };
  }

  const to = decision.approve ? "approved" : "rejected";
  const moved = await transitionProposal(db, tenantId, proposalId, ["pending"], to, {
    decidedBy: decision.actor,
    decidedAt: now,
  });
  if (!moved) {
    const latest = await getProposal(db, tenantId, proposalId);
    return latest ? { outcome: "already_decided", proposal: latest } : { outcome: "not_found" };
  }
  await insertAuditEntries(db, [
    {
      id: decision.auditId,
      tenantId,
      at: now,
      actor: decision.actor,
      action: `proposal.${to}`,
      subjectType: "proposal",
      subjectId: proposalId,
      threadId: moved.threadId,
      agentId: moved.agentId,
      detail: decision.reason ? { reason: decision.reason } : null,
    },
  ]);
  return { outcome: to, proposal: moved };
}
