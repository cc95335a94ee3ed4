/**
 * Reactions on a proposal card. An approver's yes reaction (Slack ✅ / 👍, Telegram 👍) approves
 * and a no reaction (❌ / 👎) rejects, through exactly the path of the card's buttons: the same
 * approver check first, then `pressProposalButton` (decideProposal, afterDecision, card refresh).
 * Any other reaction, a reaction on a message that is not a card, and a reaction by someone who
 * is not an approver are recorded in the thread and logged, and decide nothing.
 */
import type { ChannelConfig } from "../../channels/channel-config";
import type { InboundMessage } from "../../channels/message";
import { type ReactionDecision, reactionDecision } from "../../channels/reactions";
import type { Database } from "../../db/client";
import { sentButtonData } from "../../db/queries/proposal-cards";
import { log } from "../../kernel/log";
import { parseProposalCallback, proposalCallbackData } from "../../kernel/proposals";
import type { AuditBuffer } from "./audit-buffer";
import { admitApprover, pressProposalButton } from "./proposal-host";
import type { ProposalRuntime } from "./proposal-runtime";

export type ReactionTarget =
  | { ok: true; proposalId: string; decision: ReactionDecision }
  | { ok: false; reason: string };

/** The proposal a reaction would decide, or why it decides nothing. */
export async function reactionTarget(db: Database, inbound: InboundMessage): Promise<ReactionTarget> {
  const reaction = inbound.reaction;
  if (!reaction) return { ok: false, reason: "not a reaction" };
  const decision = reactionDecision(inbound.platform, reaction.name);
  if (!decision) return { ok: false, reason: `"${reaction.name}" neither approves nor rejects` };
  const data = await sentButtonData(db, {
    tenantId: inbound.tenantId,
    channelId: inbound.channelId,
    conversationId: inbound.conversationId,
    platformMessageId: reaction.targetMessageId,
  });
  const proposals = new Set(data.flatMap((d) => parseProposalCallback(d)?.proposalId ?? []));
  if (proposals.size === 0) return { ok: false, reason: "not on a proposal card" };
  // A reply that carries the cards of several proposals does not say which one is meant.
  if (proposals.size > 1) return { ok: false, reason: "the message carries several proposals" };
  return { ok: true, proposalId: [...proposals][0]!, decision };
}

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
    proposalCallbackData(target.proposalId, target.decision),
    actor,
    reaction.targetMessageId,
  );
  log("info", "reaction.decided", {
    ...context,
    proposal: target.proposalId,
    decision: target.decision,
    answer: pressed.answer,
  });
  return { decided: true, answer: pressed.answer };
}
