/**
 * Email threading as keys: a message is remembered by its Message-ID; a reply continues the
 * Message-ID in its In-Reply-To header. Message-IDs arrive with or without angle brackets and in
 * any case, so both sides are normalised the same way.
 */
import type { PlatformSource } from "../../kernel/context/threads";

export interface EmailPosition {
  messageId: string;
  inReplyTo?: string;
}

function normaliseMessageId(messageId: string): string {
  return messageId.trim().replace(/^<|>$/g, "").toLowerCase();
}

export function emailThreadKeys({ messageId, inReplyTo }: EmailPosition): PlatformSource {
  return {
    own: `email:${normaliseMessageId(messageId)}`,
    continues: inReplyTo ? [`email:${normaliseMessageId(inReplyTo)}`] : [],
  };
}
