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
import { reactionDecision } from "../../channels/reactions";
import type { Database } from "../../db/client";
import { sentButtonData } from "../../db/queries/proposal-cards";
import { log } from "../../kernel/log";
import { type ProposalVerb, parseProposalCallback, proposalCallbackData } from "../../kernel/proposals";
import type { AuditBuffer } from "./audit-buffer";
import { admitApprover, pressProposalButton } from "./proposal-host";
import type { ProposalRuntime } from "./proposal-runtime";

export type ReactionTarget =
  | { ok: true; proposalId: string; verb: ProposalVerb }
  | { ok: false; reason: string };

/** Which of the card's buttons a yes or a no presses, in order of preference. */
const PRESSES: Record<"approve" | "reject", ProposalVerb[]> = {
  approve: ["approve"],
  reject: ["reject", "cancel", "rollback"],
};

/** The proposal a reaction would act on and the button it presses, or why it does nothing. */
export async function reactionTarget(db: Database, inbound: InboundMessage): Promise<ReactionTarget> {
  const reaction = inbound.reaction;
  if (!reaction) return { ok: false, reason: "not a reaction" };
  const answer = reactionDecision(inbound.platform, reaction.name);
  if (!answer) return { ok: false, reason: `"${reaction.name}" is neither a yes nor a no` };
  const data = await sentButtonData(db, {
    tenantId: inbound.tenantId,
    channelId: inbound.channelId,
    conversationId: inbound.conversationId,
    platformMessageId: reaction.targetMessageId,
  });
  const buttons = data.flatMap((d) => parseProposalCallback(d) ?? []);
  const proposals = new Set(buttons.map((b) => b.proposalId));
  if (proposals.size === 0) return { ok: false, reason: "not on a proposal card with buttons" };
  // A reply that carries the cards of several proposals does not say which one is meant.
  if (proposals.size > 1) return { ok: false, reason: "the message carries several proposals" };
  const verb = PRESSES[answer].find((v) => buttons.some((b) => b.verb === v));
  if (!verb)
    return { ok: false, reason: `the card offers no button for a ${answer === "approve" ? "yes" : "no"}` };
  return { ok: true, proposalId: [...proposals][0]!, verb };
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
