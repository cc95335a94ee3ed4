/**
 * What the approver check reads — the connected channel a proposal's conversation belongs to,
 * and the tenant's approver list — looked up once per thread, per channel and per request: the
 * inbox asks it for every card, and D1 allows a request 1,000 queries, so a hundred pending
 * proposals in three threads cost a handful, not hundreds.
 */
import type { Database } from "../../db/client";
import { type ChannelRow, getChannel } from "../../db/queries/channels";
import { type ApproverRow, listApprovers } from "../../db/queries/proposal-approvals";
import { getThreadRow } from "../../db/queries/threads";

export interface ChannelLookup {
  channel(channelId: string): Promise<ChannelRow | null>;
  channelOfThread(threadId: string): Promise<ChannelRow | null>;
  /** The tenant's approver list (`/api/approvers`, source tenant). */
  listedApprovers(): Promise<ApproverRow[]>;
}

export function channelLookup(db: Database, tenantId: string): ChannelLookup {
  const channels = new Map<string, Promise<ChannelRow | null>>();
  const threads = new Map<string, Promise<ChannelRow | null>>();
  let listed: Promise<ApproverRow[]> | undefined;
  const channel = (channelId: string) => {
    let found = channels.get(channelId);
    if (!found) {
      found = getChannel(db, tenantId, channelId);
      channels.set(channelId, found);
    }
    return found;
  };
  return {
    channel,
    listedApprovers() {
      listed ??= listApprovers(db, tenantId);
      return listed;
    },
    channelOfThread(threadId) {
      let found = threads.get(threadId);
      if (!found) {
        found = getThreadRow(db, tenantId, threadId).then((thread) =>
          thread?.channelId ? channel(thread.channelId) : null,
        );
        threads.set(threadId, found);
      }
      return found;
    },
  };
}
