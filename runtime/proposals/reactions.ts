/**
 * Reactions on a proposal card. An approver's yes (Slack ✅ / 👍, Telegram 👍) and no (❌ / 👎)
 * press the button the card shows now for that answer: yes approves a pending proposal; no
 * rejects it, cancels it while it waits in its undo window, or rolls it back while its rollback
 * window is open. It goes through exactly the path of the card's buttons: the same approver check
 * first, then `pressProposalButton` (decideProposal or the rollback/cancel, then the card refresh).
 * Any other reaction, a reaction on a message that is not a card (or a card with nothing left to
 * press), and a reaction by someone who is not an approver are recorded in the thread and logged,
 * and decide nothing.
 */
import type { ChannelConfig } from "../../channels/channel-config";
import type { InboundMessage } from "../../channels/message";
import { log } from "../../kernel/log";
import { proposalCallbackData } from "../../kernel/proposals";
import type { AuditBuffer } from "../turn/audit-buffer";
import { admitApprover, pressProposalButton } from "./decisions-in-chat";
import type { ProposalRuntime } from "./proposal-runtime";
import { reactionTarget } from "./reaction-target";

/** Acts on a reaction already routed to the thread of the proposal it targets. */
export async function actOnReaction(
  rt: ProposalRuntime,
  inbound: InboundMessage,
  config: ChannelConfig,
  audit: AuditBuffer,
): Promise<{ decided: boolean; answer?: string }> {
  const reaction = inbound.reaction!;
  const context = {
    tenant: inbound.tenantId,
    thread: rt.threadId,
    platform: inbound.platform,
    sender: inbound.sender.id,
    reaction: reaction.name,
    message: reaction.targetMessageId,
  };
  const target = await reactionTarget(rt.db, inbound);
  if (!target.ok) {
    log("info", "reaction.ignored", { ...context, reason: target.reason });
    return { decided: false };
  }
  const actor = `user:${inbound.platform}:${inbound.sender.id}`;
  const refusal = { proposalId: target.proposalId, attempt: { reaction: reaction.name } };
  if (!(await admitApprover(rt.db, audit, inbound, config, refusal))) {
    log("info", "reaction.ignored", { ...context, proposal: target.proposalId, reason: "not an approver" });
    return { decided: false };
  }
  const pressed = await pressProposalButton(
    rt,
    inbound.tenantId,
    proposalCallbackData(target.proposalId, target.verb),
    actor,
    reaction.targetMessageId,
  );
  log("info", "reaction.decided", {
    ...context,
    proposal: target.proposalId,
    verb: target.verb,
    answer: pressed.answer,
  });
  return { decided: true, answer: pressed.answer };
}
