/**
 * The generic webhook's threading as keys: a message is remembered by conversation and message
 * id; a reply continues the message it replies to; a named thread is a room of its own (like a
 * forum topic), and a reply inside it follows the reply chain first.
 */
import { INTERNAL_SOURCE, type PlatformSource } from "../../kernel/context/threads";
import type { InboundMessage } from "../message";

export function webhookThreadKeys(inbound: InboundMessage): PlatformSource {
  const { conversationId, platformMessageId, replyToMessageId, threadKey } = inbound;
  if (!platformMessageId) return INTERNAL_SOURCE;
  const message = (id: string) => `generic:${conversationId}:msg:${id}`;
  const thread = threadKey ? `generic:${conversationId}:thread:${threadKey}` : undefined;
  return {
    own: message(platformMessageId),
    continues: [...(replyToMessageId ? [message(replyToMessageId)] : []), ...(thread ? [thread] : [])],
    ...(thread ? { alsoRegister: [thread] } : {}),
  };
}
