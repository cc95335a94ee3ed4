/**
 * The chat card of a proposal: one message whose text and buttons follow the proposal's state
 * (approve/reject while pending, cancel while a send is held, roll back while the window is
 * open), edited in place as it moves.
 */
import type { Button } from "../../channels/message";
import type { ProposalRow } from "../../db/queries/proposals";
import { proposalCallbackData } from "../../kernel/proposals";
import { findTool } from "../../tools/registry";

function summary(proposal: ProposalRow): string {
  const tool = findTool(proposal.tool);
  const input = tool?.input.safeParse(proposal.input);
  return tool && input?.success
    ? tool.describe(input.data)
    : `${proposal.tool} ${JSON.stringify(proposal.input)}`;
}

const time = (ms: number) => `${new Date(ms).toISOString().slice(11, 16)} UTC`;

function resultLine(proposal: ProposalRow): string {
  const result = proposal.result as { output?: string } | null;
  return result?.output ? `\n${result.output.slice(0, 1500)}` : "";
}

export interface Card {
  text: string;
  buttons: Button[][];
}

export function proposalCard(proposal: ProposalRow, agentName: string, now: number): Card {
  const what = summary(proposal);
  const id = proposal.id;
  const button = (text: string, verb: "approve" | "reject" | "rollback" | "cancel"): Button => ({
    text,
    data: proposalCallbackData(id, verb),
  });
  switch (proposal.status) {
    case "draft":
    case "pending": {
      const votes =
        proposal.approvalsNeeded > 1
          ? ` (${proposal.approvalsReceived} of ${proposal.approvalsNeeded} approvals)`
          : "";
      return {
        text: `Approval needed (${id}): ${agentName} wants to ${what}.\nWhy it asks: ${proposal.statusReason ?? proposal.reason}${votes}\nExpires ${time(proposal.expiresAt)}.`,
        buttons: [[button("Approve", "approve"), button("Reject", "reject")]],
      };
    }
    case "approved":
      if (proposal.holdUntil !== null && now < proposal.holdUntil)
        return {
          text: `Held until ${time(proposal.holdUntil)} (${id}): ${agentName} will ${what}. Cancel to stop it.`,
          buttons: [[button("Cancel send", "cancel")]],
        };
      return {
        text: `Approved by ${proposal.decidedBy ?? "policy"} (${id}): ${what}. Running…`,
        buttons: [],
      };
    case "executing":
      return { text: `Running (${id}): ${what}…`, buttons: [] };
    case "executed": {
      const open = proposal.inverse !== null && proposal.windowEndsAt !== null && now < proposal.windowEndsAt;
      return open
        ? {
            text: `Done (${id}): ${what}.${resultLine(proposal)}\nCan be rolled back until ${time(proposal.windowEndsAt ?? now)}.`,
            buttons: [[button("Roll back", "rollback")]],
          }
        : { text: `Done (${id}): ${what}.${resultLine(proposal)}`, buttons: [] };
    }
    default:
      return {
        text: `${proposal.status.replace("_", " ")[0]?.toUpperCase()}${proposal.status.replace("_", " ").slice(1)} (${id}): ${what}.\n${proposal.statusReason ?? ""}${resultLine(proposal)}`.trimEnd(),
        buttons: [],
      };
  }
}
