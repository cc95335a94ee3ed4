/**
 * Approvals on a platform without buttons (`ChannelAdapter.approvals: "text"`): the card's
 * buttons become the chat commands that do the same (`/approve prop_…`, `/reject prop_…`, read
 * by the chat commands before any agent turn, with the same approver check and exactly-once
 * decision as a button). Cancel and roll back have no chat command; the card says where to do
 * them.
 */
import { parseProposalCallback } from "../kernel/proposals";
import type { OutboundPayload } from "./message";

function commandFor(data: string): string | undefined {
  const parsed = parseProposalCallback(data);
  if (!parsed) return undefined;
  const { proposalId, verb } = parsed;
  if (verb === "approve" || verb === "reject") return `/${verb} ${proposalId}`;
  return `${verb === "cancel" ? "cancel" : "roll back"}: POST /api/proposals/${proposalId}/${verb}`;
}

/** The payload with its buttons written out as text commands (unchanged when it has none). */
export function buttonsAsText(payload: OutboundPayload): OutboundPayload {
  if (payload.type === "callback_answer" || !payload.buttons?.length) return payload;
  const lines = payload.buttons
    .flat()
    .map((button) => commandFor(button.data) ?? button.text)
    .map((line) => `• ${line}`);
  const { buttons: _buttons, ...rest } = payload;
  return { ...rest, text: `${payload.text}\n\nReply with:\n${lines.join("\n")}` };
}
