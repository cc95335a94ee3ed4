/**
 * Slack events, slash commands and button presses → the common `InboundMessage`.
 *
 * Threads: in a channel, a top-level message starts a Slack thread (its own ts) and every reply
 * carries that ts as `thread_ts`, so `thread_ts ?? ts` keys one Cairn context thread per Slack
 * thread. A direct message conversation is one thread unless the user opens a Slack thread in it.
 *
 * Dedup: a message is keyed by workspace, channel and ts, which Slack repeats on every retry of
 * the same event (same `event_id`) and which also folds together the `app_mention` and
 * `message.channels` events Slack sends for one mentioning message.
 */

import { parseCommand } from "../commands";
import type { Attachment, InboundMessage } from "../message";
import type { BlockActions, SlackMessageEvent, SlackReactionEvent, SlashCommand } from "./payloads";

export interface SlackChannelRef {
  tenantId: string;
  channelId: string;
}

/** Subtypes that are new content from a person; every other subtype (edits, joins, bot posts) is ignored. */
const CONTENT_SUBTYPES = new Set([undefined, "file_share", "thread_broadcast"]);
const USER_MENTION = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g;

export function isDirectMessageChannel(channel: string): boolean {
  return channel.startsWith("D");
}

export function slackConversationId(teamId: string, channel: string): string {
  return `${teamId}:${channel}`;
}

/** Splits `T…:C…` back into workspace and channel. */
export function parseSlackConversationId(conversationId: string): { teamId: string; channel: string } {
  const at = conversationId.indexOf(":");
  if (at <= 0) throw new Error(`"${conversationId}" is not a Slack conversation id (team:channel)`);
  return { teamId: conversationId.slice(0, at), channel: conversationId.slice(at + 1) };
}

function threadKeyFor(channel: string, ts: string, threadTs: string | undefined): string | undefined {
  return isDirectMessageChannel(channel) ? threadTs : (threadTs ?? ts);
}

/** Slack's `<@U123>` mentions become "@U123"-free text the agent can read, and a mention list. */
function readMentions(text: string): { text: string; mentions: string[] } {
  const mentions = [...text.matchAll(USER_MENTION)].map((m) => m[1]!);
  return { text: text.replace(USER_MENTION, "").replace(/\s+/g, " ").trim(), mentions };
}

export function normalizeSlackMessage(
  ref: SlackChannelRef,
  teamId: string,
  event: SlackMessageEvent,
  receivedAt: number,
): InboundMessage | null {
  // Bots (including Cairn itself) and non-content subtypes (message_changed, channel_join…) are not conversation.
  if (event.bot_id || !event.user || !CONTENT_SUBTYPES.has(event.subtype)) return null;
  const { text, mentions } = readMentions(event.text);
  const inbound: InboundMessage = {
    ...ref,
    platform: "slack",
    conversationId: slackConversationId(teamId, event.channel),
    sender: { id: event.user, name: event.user, isBot: false },
    text,
    platformMessageId: event.ts,
    dedupKey: `slack:msg:${teamId}:${event.channel}:${event.ts}`,
    receivedAt,
    chatType: isDirectMessageChannel(event.channel) ? "private" : "group",
  };
  const threadKey = threadKeyFor(event.channel, event.ts, event.thread_ts);
  if (threadKey) inbound.threadKey = threadKey;
  if (event.thread_ts && event.thread_ts !== event.ts) inbound.replyToMessageId = event.thread_ts;
  // An app_mention is addressed to the bot by definition, whatever the mention list says.
  if (event.type === "app_mention") mentions.push("@app");
  if (mentions.length > 0) inbound.mentions = mentions;
  const command = parseCommand(text);
  if (command) inbound.command = command;
  const attachments: Attachment[] = (event.files ?? []).map((file) => {
    const attachment: Attachment = { kind: "file", platformFileId: file.id };
    if (file.name) attachment.name = file.name;
    if (file.mimetype) attachment.mimeType = file.mimetype;
    if (file.size !== undefined) attachment.sizeBytes = file.size;
    return attachment;
  });
  if (attachments.length > 0) inbound.attachments = attachments;
  return inbound;
}

export function normalizeSlackReaction(
  ref: SlackChannelRef,
  teamId: string,
  eventId: string,
  event: SlackReactionEvent,
  receivedAt: number,
): InboundMessage | null {
  if (event.item.type !== "message" || !event.item.channel || !event.item.ts) return null;
  const inbound: InboundMessage = {
    ...ref,
    platform: "slack",
    conversationId: slackConversationId(teamId, event.item.channel),
    sender: { id: event.user, name: event.user, isBot: false },
    text: "",
    dedupKey: `slack:event:${teamId}:${eventId}`,
    receivedAt,
    chatType: isDirectMessageChannel(event.item.channel) ? "private" : "group",
    reaction: { name: event.reaction, targetMessageId: event.item.ts },
  };
  // Reactions do not say which thread their message is in; a reaction on a thread root lands there.
  const threadKey = threadKeyFor(event.item.channel, event.item.ts, undefined);
  if (threadKey) inbound.threadKey = threadKey;
  return inbound;
}

/**
 * `/cairn tasks` (or any slash command name the app defines) → the command `tasks`; `/cairn` with
 * free text → a message to the agent.
 */
export function normalizeSlashCommand(
  ref: SlackChannelRef,
  command: SlashCommand,
  receivedAt: number,
): InboundMessage {
  const text = command.text.trim();
  const [first = "", ...rest] = text.split(/\s+/);
  const inbound: InboundMessage = {
    ...ref,
    platform: "slack",
    conversationId: slackConversationId(command.team_id, command.channel_id),
    sender: { id: command.user_id, name: command.user_name || command.user_id, isBot: false },
    text,
    dedupKey: `slack:command:${command.team_id}:${command.trigger_id}`,
    receivedAt,
    chatType: isDirectMessageChannel(command.channel_id) ? "private" : "group",
    // A slash command is addressed to the app by definition.
    mentions: ["@app"],
  };
  const parsed = parseCommand(first.startsWith("/") ? text : `/${first} ${rest.join(" ")}`);
  if (text === "") inbound.command = { name: "help", args: "" };
  else if (parsed) inbound.command = parsed;
  return inbound;
}

/** A button press: `value` carries the same data the Telegram button does (`p:<id>:a|r`). */
export function normalizeBlockActions(
  ref: SlackChannelRef,
  payload: BlockActions,
  receivedAt: number,
): InboundMessage | null {
  const action = payload.actions[0]!;
  if (action.value === undefined) return null;
  const channel = payload.channel.id;
  const inbound: InboundMessage = {
    ...ref,
    platform: "slack",
    conversationId: slackConversationId(payload.team.id, channel),
    sender: {
      id: payload.user.id,
      name: payload.user.name ?? payload.user.username ?? payload.user.id,
      isBot: false,
    },
    text: "",
    platformMessageId: payload.message.ts,
    dedupKey: `slack:action:${payload.team.id}:${channel}:${payload.message.ts}:${action.action_ts}`,
    receivedAt,
    chatType: isDirectMessageChannel(channel) ? "private" : "group",
    callback: { id: payload.response_url, data: action.value },
  };
  const threadKey = threadKeyFor(channel, payload.message.ts, payload.message.thread_ts);
  if (threadKey) inbound.threadKey = threadKey;
  return inbound;
}
