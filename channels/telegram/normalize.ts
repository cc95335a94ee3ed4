/** Telegram `Update` → the common `InboundMessage`. */

import { parseCommand } from "../commands";
import type { Attachment, InboundMessage } from "../message";
import type { TelegramMessage, TelegramMessageReaction, TelegramUpdate } from "./update";

export interface ChannelRef {
  tenantId: string;
  channelId: string;
}

function displayName(user: {
  first_name: string;
  last_name?: string | undefined;
  username?: string | undefined;
}) {
  return [user.first_name, user.last_name].filter(Boolean).join(" ") || user.username || "unknown";
}

function chatType(type: TelegramMessage["chat"]["type"]): InboundMessage["chatType"] {
  if (type === "supergroup" || type === "group") return "group";
  return type;
}

/** Mentions: `@username` entities (lower-cased) and `text_mention` users (by id). */
function mentionsOf(message: TelegramMessage, text: string): string[] {
  const entities = message.entities ?? message.caption_entities ?? [];
  const mentions: string[] = [];
  for (const entity of entities) {
    if (entity.type === "mention") {
      mentions.push(text.slice(entity.offset, entity.offset + entity.length).toLowerCase());
    } else if (entity.type === "text_mention" && entity.user) {
      mentions.push(String(entity.user.id));
    }
  }
  return mentions;
}

function attachmentsOf(message: TelegramMessage): Attachment[] {
  const out: Attachment[] = [];
  const add = (kind: Attachment["kind"], file: NonNullable<TelegramMessage["document"]>) => {
    const attachment: Attachment = { kind, platformFileId: file.file_id };
    if (file.file_name) attachment.name = file.file_name;
    if (file.mime_type) attachment.mimeType = file.mime_type;
    if (file.file_size !== undefined) attachment.sizeBytes = file.file_size;
    out.push(attachment);
  };
  // Telegram sends every size of a photo; the last is the largest.
  const photo = message.photo?.at(-1);
  if (photo) add("photo", photo);
  if (message.document) add("document", message.document);
  if (message.audio) add("audio", message.audio);
  if (message.video) add("video", message.video);
  if (message.voice) add("voice", message.voice);
  if (message.sticker) add("sticker", message.sticker);
  return out;
}

function fromMessage(
  ref: ChannelRef,
  updateId: number,
  message: TelegramMessage,
  receivedAt: number,
  edited: boolean,
) {
  const sender = message.from
    ? { id: String(message.from.id), name: displayName(message.from), isBot: message.from.is_bot }
    : {
        id: String(message.sender_chat?.id ?? message.chat.id),
        name: message.chat.title ?? "channel",
        isBot: false,
      };
  const text = message.text ?? message.caption ?? "";
  const inbound: InboundMessage = {
    ...ref,
    platform: "telegram",
    conversationId: String(message.chat.id),
    sender,
    text,
    platformMessageId: String(message.message_id),
    // An edit is a new event for the same message: keep both, keyed by the edit time.
    dedupKey: edited
      ? `telegram:${message.chat.id}:${message.message_id}:edit:${message.edit_date ?? updateId}`
      : `telegram:update:${updateId}`,
    receivedAt,
  };
  const type = chatType(message.chat.type);
  if (type) inbound.chatType = type;
  if (edited) inbound.edited = true;
  if (message.is_topic_message && message.message_thread_id !== undefined) {
    inbound.threadKey = String(message.message_thread_id);
  }
  const reply = message.reply_to_message;
  // In a forum, every message "replies" to the topic's opening service message: not a real reply.
  if (reply && !(message.is_topic_message && reply.message_id === message.message_thread_id)) {
    inbound.replyToMessageId = String(reply.message_id);
    if (reply.from) inbound.replyToSenderId = String(reply.from.id);
  }
  const mentions = mentionsOf(message, text);
  if (mentions.length > 0) inbound.mentions = mentions;
  const command = message.entities?.some((e) => e.type === "bot_command" && e.offset === 0)
    ? parseCommand(text)
    : undefined;
  if (command) inbound.command = command;
  const attachments = attachmentsOf(message);
  if (attachments.length > 0) inbound.attachments = attachments;
  return inbound;
}

/**
 * A reaction someone added (in `new_reaction`, not in `old_reaction`); a removal, a custom or
 * paid reaction, or an anonymous administrator's reaction carries nothing to act on.
 */
function fromReaction(
  ref: ChannelRef,
  updateId: number,
  change: TelegramMessageReaction,
  receivedAt: number,
): InboundMessage | null {
  if (!change.user) return null;
  const before = new Set(change.old_reaction.map((r) => r.emoji));
  const added = change.new_reaction.find((r) => r.type === "emoji" && r.emoji && !before.has(r.emoji));
  if (!added?.emoji) return null;
  const inbound: InboundMessage = {
    ...ref,
    platform: "telegram",
    conversationId: String(change.chat.id),
    sender: { id: String(change.user.id), name: displayName(change.user), isBot: change.user.is_bot },
    text: "",
    dedupKey: `telegram:update:${updateId}`,
    receivedAt,
    reaction: { name: added.emoji, targetMessageId: String(change.message_id) },
  };
  const type = chatType(change.chat.type);
  if (type) inbound.chatType = type;
  return inbound;
}

/**
 * Returns the message Cairn should act on, or null for updates that carry nothing to answer
 * (membership changes, callbacks without a message).
 */
export function normalizeTelegramUpdate(
  ref: ChannelRef,
  update: TelegramUpdate,
  receivedAt: number,
): InboundMessage | null {
  const message = update.message ?? update.channel_post;
  if (message) return fromMessage(ref, update.update_id, message, receivedAt, false);
  if (update.edited_message)
    return fromMessage(ref, update.update_id, update.edited_message, receivedAt, true);
  if (update.message_reaction)
    return fromReaction(ref, update.update_id, update.message_reaction, receivedAt);
  const query = update.callback_query;
  if (query?.message && query.data !== undefined) {
    const inbound: InboundMessage = {
      ...ref,
      platform: "telegram",
      conversationId: String(query.message.chat.id),
      sender: { id: String(query.from.id), name: displayName(query.from), isBot: query.from.is_bot },
      text: "",
      platformMessageId: String(query.message.message_id),
      dedupKey: `telegram:update:${update.update_id}`,
      receivedAt,
      callback: { id: query.id, data: query.data },
    };
    const type = chatType(query.message.chat.type);
    if (type) inbound.chatType = type;
    if (query.message.is_topic_message && query.message.message_thread_id !== undefined) {
      inbound.threadKey = String(query.message.message_thread_id);
    }
    return inbound;
  }
  return null;
}
