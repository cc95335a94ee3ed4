/**
 * Who may drive an agent. Two questions, both deterministic:
 *  1. In a group, was the bot addressed (mention, reply to the bot, command, slash command)? If
 *     not, the message is part of the room's chatter and is only recorded.
 *  2. Is the sender admitted: an approver, on the channel's allow list, or the channel is open?
 *     A stranger in a private chat gets a one-time pairing code that the tenant owner approves
 *     through the admin API (POST /api/channels/:id/pairings); in a group a stranger is ignored,
 *     so a code is never shown to a room.
 */
import type { BotIdentity, ChannelPorts, ConnectedChannel } from "../../channels/adapter";
import type { ChannelConfig } from "../../channels/channel-config";
import type { InboundMessage } from "../../channels/message";
import { requireChannelAdapter } from "../../channels/registry";
import type { Database } from "../../db/client";
import { getSender, recordPairing } from "../../db/queries/channels-senders";
import { sha256Hex } from "../../kernel/digest";
import { cryptoRandom, type RandomSource } from "../../kernel/ids";

export const PAIRING_TTL_MS = 60 * 60_000;
/** No 0/O, 1/I/L: a code read aloud or retyped survives. */
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

export type GateVerdict =
  | { admit: true }
  | { admit: false; reason: "not_addressed" | "stranger"; pairingCode?: string };

export type { BotIdentity };

/** The bot's own identity on the channel's platform, as its adapter knows it. */
export function botIdentity(
  channel: ConnectedChannel,
  inbound: InboundMessage,
  ports: ChannelPorts,
): Promise<BotIdentity> {
  return requireChannelAdapter(channel.platform).botIdentity(channel, inbound, ports);
}

/** True when a group message is meant for the bot. Private chats are always addressed. */
/** Private chats and open groups need no identity check, so the bot's identity is not even looked up. */
export function addressedWithoutIdentity(inbound: InboundMessage, config: ChannelConfig): boolean {
  return inbound.chatType !== "group" || config.groupPolicy === "open";
}

export function isAddressed(inbound: InboundMessage, config: ChannelConfig, bot: BotIdentity): boolean {
  if (addressedWithoutIdentity(inbound, config)) return true;
  const mentions = inbound.mentions ?? [];
  // "@app": the platform itself says the app was addressed (Slack app_mention, slash command).
  if (mentions.includes("@app")) return true;
  if (mentions.some((m) => bot.ids.includes(m) || bot.usernames.includes(m))) return true;
  if (inbound.replyToSenderId && bot.ids.includes(inbound.replyToSenderId)) return true;
  if (inbound.command) {
    // `/help@otherbot` is for another bot in the room.
    return !inbound.command.target || bot.usernames.includes(`@${inbound.command.target}`);
  }
  return false;
}

export function newPairingCode(random: RandomSource = cryptoRandom): string {
  const bytes = random(8);
  let code = "";
  for (const byte of bytes) code += CODE_ALPHABET[byte % CODE_ALPHABET.length];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** Codes are compared by digest, normalised so `abcd efgh` and `ABCD-EFGH` are the same code. */
export function pairingCodeDigest(channelId: string, code: string): Promise<string> {
  return sha256Hex(`${channelId}:${code.toUpperCase().replace(/[^A-Z0-9]/g, "")}`);
}

export async function isSenderAdmitted(
  db: Database,
  inbound: InboundMessage,
  config: ChannelConfig,
): Promise<boolean> {
  if (config.senderPolicy === "open" || config.approvers.includes(inbound.sender.id)) return true;
  const row = await getSender(db, inbound.tenantId, inbound.channelId, inbound.sender.id);
  return row?.status === "allowed";
}

export async function gateSender(
  deps: { db: Database; now: number; random?: RandomSource; identity: () => Promise<BotIdentity> },
  inbound: InboundMessage,
  config: ChannelConfig,
): Promise<GateVerdict> {
  const addressed =
    addressedWithoutIdentity(inbound, config) || isAddressed(inbound, config, await deps.identity());
  if (!addressed) return { admit: false, reason: "not_addressed" };
  if (await isSenderAdmitted(deps.db, inbound, config)) return { admit: true };
  if (inbound.chatType !== "private" || inbound.sender.isBot) return { admit: false, reason: "stranger" };
  const pairingCode = newPairingCode(deps.random);
  await recordPairing(deps.db, {
    tenantId: inbound.tenantId,
    channelId: inbound.channelId,
    senderId: inbound.sender.id,
    senderName: inbound.sender.name,
    codeHash: await pairingCodeDigest(inbound.channelId, pairingCode),
    expiresAt: deps.now + PAIRING_TTL_MS,
    at: deps.now,
  });
  return { admit: false, reason: "stranger", pairingCode };
}

export function pairingMessage(code: string): string {
  return [
    "Hello! I only work with people my team has approved.",
    `Your pairing code is ${code} (valid for one hour).`,
    "Send it to your Cairn administrator; once they approve it, write to me again.",
  ].join("\n");
}
