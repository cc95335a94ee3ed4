/**
 * Runs an approved proposal exactly once. The approved → executing transition is a conditional
 * UPDATE, so of two racing approvals (API and chat at the same moment) only one executes; the
 * other sees the row already moving and returns it.
 */
import type { OutboundPayload } from "../../channels/message";
import type { Database } from "../../db/client";
import { getProposal, type ProposalRow, transitionProposal } from "../../db/queries/proposals";
import { log } from "../../kernel/log";
import type { ToolContext } from "../../tools/types";
import type { AuditBuffer } from "./audit-buffer";
import type { LoadedPolicy } from "./policy";
import { authorizeToolCall } from "./tool-calls";

export interface ProposalExecutionDeps {
  db: Database;
  policy: LoadedPolicy;
  audit: AuditBuffer;
  now: () => number;
  toolContext(callKey: string): ToolContext;
  reply(payload: OutboundPayload, idempotencyKey: string): Promise<void>;
  conversationId: string;
}

export async function executeApprovedProposal(
  deps: ProposalExecutionDeps,
  proposal: ProposalRow,
): Promise<ProposalRow> {
  const { db, audit } = deps;
  const say = (text: string, key: string) =>
    deps.reply({ type: "message", conversationId: deps.conversationId, text }, key);

  if (proposal.status === "rejected") {
    await say(
      `Proposal ${proposal.id} was rejected by ${proposal.decidedBy ?? "someone"}; nothing was done.`,
      `proposal:${proposal.id}:rejected`,
    );
    return proposal;
  }
  if (proposal.status !== "approved") return proposal;

  const claimed = await transitionProposal(db, proposal.tenantId, proposal.id, ["approved"], "executing");
  if (!claimed) return (await getProposal(db, proposal.tenantId, proposal.id)) ?? proposal;

  const context = deps.toolContext(`proposal_${proposal.id}`);
  // The policy may have changed since the proposal was made: an approval lifts an "ask",
  // never a "deny".
  const checked = authorizeToolCall(deps.policy, { name: proposal.tool, input: proposal.input }, context);
  let ok = false;
  let output: string;
  if (!checked.decision || !checked.tool) {
    output = checked.error ?? "the proposal's tool is unavailable";
  } else if (checked.decision.effect === "deny") {
    output = `denied at execution by ${checked.decision.rule}: ${checked.decision.reason}`;
  } else {
    try {
      const result = await checked.tool.execute(checked.input, context);
      ok = result.ok;
      output = result.output;
    } catch (error) {
      output = `execution failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  const finished = await transitionProposal(
    db,
    proposal.tenantId,
    proposal.id,
    ["executing"],
    checked.decision && checked.decision.effect !== "deny" ? "executed" : "failed",
    {
      executedAt: deps.now(),
      result: { ok, output },
    },
  );
  audit.add({
    actor: `agent:${proposal.agentId}`,
    action: finished?.status === "executed" ? "proposal.executed" : "proposal.failed",
    agentId: proposal.agentId,
    subjectType: "proposal",
    subjectId: proposal.id,
    detail: { ok, output: output.slice(0, 2000) },
  });
  log("info", "proposal.executed", { tenant: proposal.tenantId, proposal: proposal.id, ok });
  await say(
    `Proposal ${proposal.id} (approved by ${proposal.decidedBy}) ran:\n${output}`,
    `proposal:${proposal.id}:result`,
  );
  return finished ?? claimed;
}
