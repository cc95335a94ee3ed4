/**
 * The inbox's data: pending proposals with what will run, their risk and mode, who may approve
 * (the approver lists of the proposal's channel, with members' names where known), the time left
 * in the window, and whether the signed-in member may decide each one.
 */
import { ChannelConfigSchema } from "../../channels/registry";
import type { Database } from "../../db/client";
import { listMembers, type MemberRow } from "../../db/queries/members";
import { listProposals, type ProposalRow } from "../../db/queries/proposals";
import type { ChannelLookup } from "./channel-lookup";
import { decideRight } from "./permissions";

export interface InboxItem {
  proposal: ProposalRow;
  /** Who may approve: "Dana (777)" or the bare user id, on the proposal's platform. */
  approvers: string[];
  platform: string | null;
  msLeft: number;
  /** Whether the viewer may approve or reject, and why not. */
  decide: { allowed: true } | { allowed: false; reason: string };
}

/** Pending proposals, oldest first, at most 100 (the inbox is a work queue, not an archive). */
export async function inboxItems(
  db: Database,
  lookup: ChannelLookup,
  member: MemberRow,
  now: number,
): Promise<InboxItem[]> {
  const tenantId = member.tenantId;
  const [pending, listed, members] = await Promise.all([
    listProposals(db, tenantId, { status: "pending", limit: 100 }),
    lookup.listedApprovers(),
    listMembers(db, tenantId),
  ]);
  const items: InboxItem[] = [];
  for (const proposal of [...pending].reverse()) {
    const channel = await lookup.channelOfThread(proposal.threadId);
    const platform = channel?.kind ?? null;
    const ids = new Set<string>();
    if (channel) {
      for (const id of ChannelConfigSchema.parse(channel.config).approvers) ids.add(id);
      for (const row of listed) if (row.platform === platform) ids.add(row.userId);
    }
    const nameOf = (userId: string) =>
      members.find((m) => m.channelId === channel?.id && m.platformUserId === userId)?.name ??
      listed.find((row) => row.platform === platform && row.userId === userId)?.name;
    const right = await decideRight(lookup, member, proposal);
    items.push({
      proposal,
      platform,
      approvers: [...ids].map((id) => {
        const name = nameOf(id);
        return name ? `${name} (${id})` : id;
      }),
      msLeft: Math.max(0, proposal.expiresAt - now),
      decide: right.allowed ? { allowed: true } : { allowed: false, reason: right.reason },
    });
  }
  return items;
}

/** "4 min 10 s left", "expired": rounded to what a person reads. */
export function timeLeft(ms: number): string {
  if (ms <= 0) return "expired";
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `${s} s left`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s left`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h} h ${m % 60} min left` : `${Math.floor(h / 24)} days left`;
}
