import type { PlatformSource } from "./threads.js";

/**
 * Platform threading, reduced to string keys. Every stored message registers its own key; a later
 * message that continues a platform thread looks up the key of what it continues. One scheme fits
 * Slack threads (thread_ts is the ts of the root message), Telegram reply chains (the replied-to
 * message) and forum topics (the topic id), and email (In-Reply-To is the parent's Message-ID).
 */

/** The key under which this item itself is remembered, so replies to it find its thread. */
export function ownPlatformKey(source: PlatformSource): string | undefined {
  switch (source.platform) {
    case "slack":
      return `slack:${source.channelId}:${source.ts}`;
    case "telegram":
      return `telegram:${source.chatId}:msg:${source.messageId}`;
    case "email":
      return `email:${normaliseMessageId(source.messageId)}`;
    case "internal":
      return undefined;
  }
}

/**
 * The keys of the platform thread this item continues, most specific first. A Telegram reply
 * inside a forum topic follows the reply chain first: the reply pins the exact conversation, the
 * topic only its room.
 */
export function continuedPlatformKeys(source: PlatformSource): string[] {
  switch (source.platform) {
    case "slack":
      // A root message has no thread_ts, and Slack repeats ts as thread_ts on the root itself.
      return source.threadTs && source.threadTs !== source.ts
        ? [`slack:${source.channelId}:${source.threadTs}`]
        : [];
    case "telegram": {
      const keys: string[] = [];
      if (source.replyToMessageId !== undefined) {
        keys.push(`telegram:${source.chatId}:msg:${source.replyToMessageId}`);
      }
      if (source.topicId !== undefined) keys.push(topicKey(source.chatId, source.topicId));
      return keys;
    }
    case "email":
      return source.inReplyTo ? [`email:${normaliseMessageId(source.inReplyTo)}`] : [];
    case "internal":
      return [];
  }
}

/** Keys to bind to whichever thread the item lands in (its own key, and a forum topic seen first). */
export function platformKeysToRegister(source: PlatformSource): string[] {
  const keys: string[] = [];
  const own = ownPlatformKey(source);
  if (own) keys.push(own);
  if (source.platform === "telegram" && source.topicId !== undefined) {
    keys.push(topicKey(source.chatId, source.topicId));
  }
  return keys;
}

function topicKey(chatId: string, topicId: number): string {
  return `telegram:${chatId}:topic:${topicId}`;
}

/** Message-IDs arrive with or without angle brackets and in any case. */
function normaliseMessageId(messageId: string): string {
  return messageId.trim().replace(/^<|>$/g, "").toLowerCase();
}
