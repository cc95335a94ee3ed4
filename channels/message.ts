/**
 * The common channel model: every platform's inbound event is normalised to an
 * `InboundMessage`, and every send is an `OutboundMessage` carried through the outbox.
 */
import { z } from "zod";

export const PlatformSchema = z.enum(["telegram", "slack"]);
export type Platform = z.infer<typeof PlatformSchema>;

export const InboundMessageSchema = z.object({
  tenantId: z.string(),
  channelId: z.string(),
  platform: PlatformSchema,
  /** Chat / channel id on the platform. */
  conversationId: z.string(),
  /** Forum topic or platform thread, when the platform has one. */
  threadKey: z.string().optional(),
  sender: z.object({ id: z.string(), name: z.string(), isBot: z.boolean() }),
  text: z.string(),
  platformMessageId: z.string().optional(),
  replyToMessageId: z.string().optional(),
  /** Channel-layer dedup key: the same platform event always yields the same key. */
  dedupKey: z.string(),
  receivedAt: z.number(),
  /** Present when the event is a button press (Telegram callback_query, Slack block_actions). */
  callback: z.object({ id: z.string(), data: z.string() }).optional(),
});
export type InboundMessage = z.infer<typeof InboundMessageSchema>;

export interface Button {
  text: string;
  data: string;
}

export type OutboundPayload =
  | {
      type: "message";
      conversationId: string;
      threadKey?: string;
      text: string;
      replyToMessageId?: string;
      buttons?: Button[][];
    }
  | {
      /** Replaces the text (and buttons) of a message already sent, e.g. an approval card. */
      type: "edit_message";
      conversationId: string;
      platformMessageId: string;
      text: string;
      buttons?: Button[][];
    }
  | { type: "callback_answer"; callbackId: string; text: string };

/** Splits text into platform-sized parts, preferring line breaks, never exceeding `limit`. */
export function splitText(text: string, limit: number): string[] {
  if (text.length <= limit) return [text];
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const cut = rest.lastIndexOf("\n", limit);
    const at = cut > limit / 2 ? cut : limit;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\n/, "");
  }
  if (rest.length > 0) parts.push(rest);
  return parts;
}
