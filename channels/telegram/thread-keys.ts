/**
 * Telegram threading as keys: a message is remembered by chat and message id; a reply continues
 * the message it replies to; a forum topic is a room of its own. A reply inside a topic follows
 * the reply chain first: the reply pins the exact conversation, the topic only its room.
 */
import { INTERNAL_SOURCE, type PlatformSource } from "../../kernel/context/threads";
import type { InboundMessage } from "../message";

export interface TelegramPosition {
  chatId: string;
  messageId: number;
  replyToMessageId?: number;
  topicId?: number;
}

const topicKey = (chatId: string, topicId: number) => `telegram:${chatId}:topic:${topicId}`;

export function telegramThreadKeys(position: TelegramPosition): PlatformSource {
  const { chatId, messageId, replyToMessageId, topicId } = position;
  const continues: string[] = [];
  if (replyToMessageId !== undefined) continues.push(`telegram:${chatId}:msg:${replyToMessageId}`);
  if (topicId !== undefined) continues.push(topicKey(chatId, topicId));
  return {
    own: `telegram:${chatId}:msg:${messageId}`,
    continues,
    ...(topicId !== undefined ? { alsoRegister: [topicKey(chatId, topicId)] } : {}),
  };
}

/** A normalised Telegram message's position (ids are numbers on Telegram; anything else has none). */
export function telegramThreadKeysOf(inbound: InboundMessage): PlatformSource {
  const asNumber = (value: string | undefined) =>
    value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
  const messageId = asNumber(inbound.platformMessageId);
  if (messageId === undefined) return INTERNAL_SOURCE;
  const position: TelegramPosition = { chatId: inbound.conversationId, messageId };
  const replyTo = asNumber(inbound.replyToMessageId);
  if (replyTo !== undefined) position.replyToMessageId = replyTo;
  const topic = asNumber(inbound.threadKey);
  if (topic !== undefined) position.topicId = topic;
  return telegramThreadKeys(position);
}
