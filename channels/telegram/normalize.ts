/** Telegram `Update` → the common `InboundMessage`. */
import type { InboundMessage } from "../message";
import type { TelegramMessage, TelegramUpdate } from "./update";

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
  const inbound: InboundMessage = {
    ...ref,
    platform: "telegram",
    conversationId: String(message.chat.id),
    sender,
    text: message.text ?? message.caption ?? "",
    platformMessageId: String(message.message_id),
    // An edit is a new event for the same message: keep both, keyed by the edit time.
    dedupKey: edited
      ? `telegram:${message.chat.id}:${message.message_id}:edit:${message.edit_date ?? updateId}`
      : `telegram:update:${updateId}`,
    receivedAt,
  };
  if (message.is_topic_message && message.message_thread_id !== undefined) {
    inbound.threadKey = String(message.message_thread_id);
  }
  if (message.reply_to_message) inbound.replyToMessageId = String(message.reply_to_message.message_id);
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
    if (query.message.is_topic_message && query.message.message_thread_id !== undefined) {
      inbound.threadKey = String(query.message.message_thread_id);
    }
    return inbound;
  }
  return null;
}
