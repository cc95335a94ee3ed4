/**
 * Trust labels for what a turn reads (kernel/trust): who sent the message being answered (the
 * owner — the channel's first approver —, an approver, a member on the channel's allow list, or
 * an outside sender), the earlier messages of the thread by the same rule, and the thread's
 * memory as a whole (summary, facts, knowledge and recent messages mix everyone's words, so it
 * is untrusted; the trusted people's own earlier messages are labelled separately, so a value
 * the owner gave yesterday still counts as theirs).
 */
import type { ConnectedChannel } from "../../channels/adapter";
import type { ChannelConfig } from "../../channels/channel-config";
import type { InboundMessage } from "../../channels/message";
import type { Database } from "../../db/client";
import { getSender } from "../../db/queries/channels-senders";
import type { ContextItem, TrustLabel } from "../../kernel/trust";

/** How many of the thread's latest messages are labelled one by one. */
export const LABELLED_MESSAGES = 50;

export interface EarlierMessage {
  role: "user" | "assistant";
  /** "user:<sender id>" or "agent:<id>", as the thread store gives it. */
  author: string;
  text: string;
}

export interface SenderLabels {
  labelOf(senderId: string, isBot?: boolean): Promise<TrustLabel>;
}

/** Labels senders of one channel by role; allow-list lookups are cached per turn. */
export function senderLabels(
  db: Database,
  tenantId: string,
  channelId: string,
  config: Pick<ChannelConfig, "approvers">,
): SenderLabels {
  const cache = new Map<string, Promise<TrustLabel>>();
  const lookUp = async (senderId: string): Promise<TrustLabel> => {
    if (config.approvers[0] === senderId) return "trusted:owner";
    if (config.approvers.includes(senderId)) return "trusted:approver";
    const row = await getSender(db, tenantId, channelId, senderId);
    return row?.status === "allowed" ? "trusted:member" : "untrusted:outside-sender";
  };
  return {
    labelOf(senderId, isBot = false) {
      if (isBot) return Promise.resolve("untrusted:outside-sender");
      let label = cache.get(senderId);
      if (!label) {
        label = lookUp(senderId);
        cache.set(senderId, label);
      }
      return label;
    },
  };
}

const WHO: Record<string, string> = {
  "trusted:owner": "the owner",
  "trusted:admin": "an admin",
  "trusted:approver": "an approver",
  "trusted:member": "a member",
  "untrusted:outside-sender": "an outside sender",
};

export async function threadTurnContext(args: {
  labels: SenderLabels;
  inbound: Pick<InboundMessage, "sender" | "text" | "dedupKey">;
  contextPrompt: string;
  earlier: readonly EarlierMessage[];
}): Promise<ContextItem[]> {
  const { inbound, labels } = args;
  const items: ContextItem[] = [];
  if (inbound.dedupKey.startsWith("handoff:")) {
    // A hand-off note is another agent's words, and carries whatever that agent read.
    items.push({
      label: "untrusted:thread-memory",
      source: `the hand-off note from ${inbound.sender.id}`,
      text: inbound.text,
    });
  } else {
    const label = await labels.labelOf(inbound.sender.id, inbound.sender.isBot);
    items.push({
      label,
      source: `${WHO[label] ?? label}'s message (${inbound.sender.name})`,
      text: inbound.text,
    });
  }
  for (const message of args.earlier.slice(-LABELLED_MESSAGES)) {
    if (message.role !== "user" || !message.author.startsWith("user:")) continue;
    const sender = message.author.slice("user:".length);
    const label = await labels.labelOf(sender);
    items.push({ label, source: `${WHO[label] ?? label}'s earlier message (${sender})`, text: message.text });
  }
  if (args.contextPrompt.trim() !== "") {
    items.push({ label: "untrusted:thread-memory", source: "the thread's memory", text: args.contextPrompt });
  }
  return items;
}

/** The ContextThread's labels for one turn: its channel's roles, its stored messages, its memory. */
export async function labelThreadTurn(
  deps: {
    db: Database;
    store: { messagesAfter(afterSeq: number, limit?: number): EarlierMessage[] };
    channel: Pick<ConnectedChannel, "id" | "config">;
  },
  inbound: InboundMessage,
  contextPrompt: string,
): Promise<ContextItem[]> {
  return threadTurnContext({
    labels: senderLabels(deps.db, inbound.tenantId, deps.channel.id, deps.channel.config),
    inbound,
    contextPrompt,
    earlier: deps.store.messagesAfter(0, 2_000).slice(-LABELLED_MESSAGES),
  });
}
