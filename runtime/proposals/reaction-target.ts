/**
 * Which proposal a yes/no reaction is about, and which of its card's buttons it presses: found
 * from the buttons the reacted message carries now (the outbox remembers every card it sent).
 * Thread resolution uses it to route the reaction to the proposal's thread; the thread then acts
 * on it (runtime/proposals/reactions.ts).
 */
import type { InboundMessage } from "../../channels/message";
import { channelAdapter } from "../../channels/registry";
import type { Database } from "../../db/client";
import { sentButtonData } from "../../db/queries/proposal-cards";
import { type ProposalVerb, parseProposalCallback } from "../../kernel/proposals";

export type ReactionTarget =
  | { ok: true; proposalId: string; verb: ProposalVerb }
  | { ok: false; reason: string };

/** Which of the card's buttons a yes or a no presses, in order of preference. */
export const PRESSES: Record<"approve" | "reject", ProposalVerb[]> = {
  approve: ["approve"],
  reject: ["reject", "cancel", "rollback"],
};

/** The proposal a reaction would act on and the button it presses, or why it does nothing. */
export async function reactionTarget(db: Database, inbound: InboundMessage): Promise<ReactionTarget> {
  const reaction = inbound.reaction;
  if (!reaction) return { ok: false, reason: "not a reaction" };
  const answer = channelAdapter(inbound.platform)?.reactionDecision(reaction.name);
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
