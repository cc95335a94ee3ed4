/**
 * The generic webhook's JSON, both ways (docs/channels/webhook.md is the reference; keep the two
 * in step). Inbound: one event per request, `message` or `button`. Outbound: what Cairn POSTs to
 * the tenant's callback URL. Unknown fields are ignored, so a sender may carry its own.
 */
import { z } from "zod";
import { SenderIdSchema } from "../sender-id";

/** Event and message ids: what a sender's own ids look like (UUIDs, ULIDs, `evt_123`, `42`). */
const IdSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, "1–128 characters of A-Z a-z 0-9 . _ : -");

const ConversationSchema = z.object({
  id: IdSchema,
  /** `private`: one person and the bot; `group`: several people (the group policy applies). */
  type: z.enum(["private", "group"]).default("private"),
  /** A thread inside the conversation, when the sender's platform has them. */
  thread: IdSchema.optional(),
});

const SenderSchema = z.object({
  /** The id approvers and the allow list name. */
  id: SenderIdSchema,
  name: z.string().min(1).max(200).optional(),
  isBot: z.boolean().default(false),
});

const AttachmentSchema = z.object({
  kind: z.enum(["photo", "document", "audio", "video", "voice", "sticker", "file"]),
  id: z.string().min(1).max(500),
  name: z.string().max(500).optional(),
  mimeType: z.string().max(200).optional(),
  sizeBytes: z.number().int().nonnegative().optional(),
});

export const WebhookMessageEventSchema = z.object({
  id: IdSchema,
  type: z.literal("message"),
  conversation: ConversationSchema,
  sender: SenderSchema,
  text: z.string().max(20_000),
  /** The message's id on the sender's side (default: the event id); replies and cards name it. */
  messageId: IdSchema.optional(),
  /** The id of the message this one replies to. */
  replyTo: IdSchema.optional(),
  /** Ids of the users the message addresses (the bot's id among them addresses the bot in a group). */
  mentions: z.array(z.string().min(1).max(200)).max(50).optional(),
  attachments: z.array(AttachmentSchema).max(20).optional(),
});

export const WebhookButtonEventSchema = z.object({
  id: IdSchema,
  type: z.literal("button"),
  conversation: ConversationSchema,
  sender: SenderSchema,
  /** The `data` of the button pressed, as Cairn sent it. */
  data: z.string().min(1).max(300),
  /** The id of the message that carried the button (the `messageId` Cairn's callback was answered with). */
  messageId: IdSchema.optional(),
});

/** The event types Cairn acts on; any other `type` is acknowledged and ignored. */
export const WEBHOOK_EVENT_TYPES = ["message", "button"] as const;

export const WebhookEventSchema = z.discriminatedUnion("type", [
  WebhookMessageEventSchema,
  WebhookButtonEventSchema,
]);
export type WebhookEvent = z.infer<typeof WebhookEventSchema>;

/** What the callback URL may answer: 2xx, optionally naming the id it gave the message. */
export const CallbackAnswerSchema = z.object({ messageId: IdSchema.optional() }).loose();

/** What Cairn POSTs to the callback URL, by `type`. `id` is also the Idempotency-Key header. */
export type WebhookCallbackBody =
  | {
      id: string;
      type: "message";
      conversation: string;
      thread?: string;
      replyTo?: string;
      text: string;
      buttons?: Array<Array<{ text: string; data: string }>>;
    }
  | {
      id: string;
      type: "edit";
      conversation: string;
      messageId: string;
      text: string;
      buttons: Array<Array<{ text: string; data: string }>>;
    }
  | { id: string; type: "button_answer"; button: string; text: string };
