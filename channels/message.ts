/**
 * The common channel model: every platform's inbound event is normalised to an
 * `InboundMessage`, and every send is an `OutboundMessage` carried through the outbox.
 */
import { z } from "zod";

/** A channel adapter's name (channels/registry.ts): `telegram`, `slack`, … */
export const PlatformSchema = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/);
export type Platform = z.infer<typeof PlatformSchema>;

export const AttachmentSchema = z.object({
  kind: z.enum(["photo", "document", "audio", "video", "voice", "sticker", "file"]),
  /** The platform's file id (Telegram file_id, Slack file id). */
  platformFileId: z.string(),
  name: z.string().optional(),
  mimeType: z.string().optional(),
  sizeBytes: z.number().int().nonnegative().optional(),
});
export type Attachment = z.infer<typeof AttachmentSchema>;

export const InboundMessageSchema = z.object({
  tenantId: z.string(),
  channelId: z.string(),
  platform: PlatformSchema,
  /** Chat / channel id on the platform (Slack: `<team id>:<channel id>`, so workspaces never collide). */
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
  /**
   * Present when the event is a button press (Telegram callback_query, Slack block_actions).
   * `id` is the platform's handle for answering the press: Telegram's callback_query id, or
   * Slack's response_url.
   */
  callback: z.object({ id: z.string(), data: z.string() }).optional(),
  /** private: one-to-one with the bot; group: several people; channel: a broadcast feed. */
  chatType: z.enum(["private", "group", "channel"]).optional(),
  /** Whom the message mentions: lower-cased `@username`s (Telegram) or user ids (Slack). */
  mentions: z.array(z.string()).optional(),
  /** The author of the message this one replies to, when the platform says. */
  replyToSenderId: z.string().optional(),
  /** A leading bot command (`/tasks@cairn_bot 3` → name "tasks", args "3"). */
  command: z.object({ name: z.string(), args: z.string(), target: z.string().optional() }).optional(),
  /** Metadata only: files are fetched later, by whoever needs them, with the bot's credentials. */
  attachments: z.array(AttachmentSchema).optional(),
  /**
   * An emoji reaction someone added (Slack reaction_added, Telegram message_reaction): recorded in
   * the thread, never answered; an approver's yes/no on a proposal card decides it.
   */
  reaction: z.object({ name: z.string(), targetMessageId: z.string() }).optional(),
  /** Set for an edit of an earlier message (Telegram edited_message). */
  edited: z.boolean().optional(),
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

/** The conversation a payload is addressed to, when it has one (rate limits are per chat). */
export function payloadConversation(payload: OutboundPayload): string | undefined {
  return payload.type === "callback_answer" ? undefined : payload.conversationId;
}

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
