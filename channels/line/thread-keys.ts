/**
 * LINE threading as keys: a message is remembered by chat and message id, and a message quoting
 * another (`quotedMessageId`) continues it. LINE has no threads inside a chat; a button press has
 * no message of its own and is placed by the proposal it decides.
 */
import { INTERNAL_SOURCE, type PlatformSource } from "../../kernel/context/threads";
import type { InboundMessage } from "../message";

export function lineThreadKeys(inbound: InboundMessage): PlatformSource {
  const { conversationId, platformMessageId, replyToMessageId } = inbound;
  if (!platformMessageId) return INTERNAL_SOURCE;
  const message = (id: string) => `line:${conversationId}:msg:${id}`;
  return { own: message(platformMessageId), continues: replyToMessageId ? [message(replyToMessageId)] : [] };
}
