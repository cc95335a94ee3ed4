/**
 * What a member may do. Roles: a viewer reads; an approver may also decide proposals; an admin
 * may also revoke anyone's session; an owner is an admin who cannot be removed while the last
 * one. Deciding a proposal needs more than the role: the member's paired identity must be an
 * approver of the proposal's channel, exactly as a chat button checks it — on that channel's
 * `approvers` or on the tenant's list (`/api/approvers`) for the channel's platform.
 */
import { ChannelConfigSchema } from "../../channels/registry";
import type { MemberRow } from "../../db/queries/members";
import type { ProposalRow } from "../../db/queries/proposals";
import type { MemberRole } from "../../db/schema-members";
import type { ChannelLookup } from "./channel-lookup";

const RANK: Record<MemberRole, number> = { viewer: 0, approver: 1, admin: 2, owner: 3 };

export const mayDecideByRole = (role: MemberRole) => RANK[role] >= RANK.approver;
export const mayManageSessions = (role: MemberRole) => RANK[role] >= RANK.admin;

/** The actor a member's decision is recorded as: the same as their button in the chat. */
export function memberActor(platform: string, member: MemberRow): string {
  return `user:${platform}:${member.platformUserId}`;
}

export type DecideRight = { allowed: true; actor: string } | { allowed: false; reason: string };

/** May this member decide this proposal? With the actor to record, or why not. */
export async function decideRight(
  lookup: ChannelLookup,
  member: MemberRow,
  proposal: ProposalRow,
): Promise<DecideRight> {
  if (!mayDecideByRole(member.role))
    return { allowed: false, reason: `a ${member.role} cannot decide proposals` };
  const channel = await lookup.channelOfThread(proposal.threadId);
  if (!channel) return { allowed: false, reason: "the proposal's conversation has no connected channel" };
  const paired = await lookup.channel(member.channelId);
  if (!paired || paired.kind !== channel.kind)
    return { allowed: false, reason: `you are not paired on ${channel.kind}, where this proposal was made` };
  const config = ChannelConfigSchema.parse(channel.config);
  const listed =
    config.approvers.includes(member.platformUserId) ||
    (await lookup.listedApprovers()).some(
      (row) => row.platform === channel.kind && row.userId === member.platformUserId,
    );
  return listed
    ? { allowed: true, actor: memberActor(channel.kind, member) }
    : { allowed: false, reason: "you are not an approver of this proposal's channel" };
}
