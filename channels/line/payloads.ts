/**
 * zod schemas of LINE's webhook (Messaging API reference, "Webhook event objects"), covering the
 * fields Cairn reads: the request body `{destination, events}` and, per event, the message and
 * postback events with their source, reply token, `webhookEventId` and `deliveryContext`. Unknown
 * fields are accepted and ignored: LINE adds fields over time.
 */
import { z } from "zod";

/** LINE's user, group and room ids: a letter (U, C, R) and 32 hexadecimal digits. */
const LineId = z.string().regex(/^[UCR][0-9a-f]{32}$/, "a LINE id (U, C or R and 32 hex digits)");

export const LineSourceSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("user"), userId: LineId }),
  // In a group or room, userId is left out for a user who has not consented to share it.
  z.object({ type: z.literal("group"), groupId: LineId, userId: LineId.optional() }),
  z.object({ type: z.literal("room"), roomId: LineId, userId: LineId.optional() }),
]);
export type LineSource = z.infer<typeof LineSourceSchema>;

const CommonEventFields = {
  timestamp: z.number().int().nonnegative(),
  /** `standby`: another module owns the chat; the bot must not answer (docs: "Chat modes"). */
  mode: z.enum(["active", "standby"]),
  /** A ULID naming the event; a redelivery repeats it (the dedup key). */
  webhookEventId: z.string().regex(/^[0-9A-Z]{26}$/, "a ULID"),
  deliveryContext: z.object({ isRedelivery: z.boolean() }),
  source: LineSourceSchema,
};

const MentioneeSchema = z
  .object({
    index: z.number().int(),
    length: z.number().int(),
    type: z.enum(["user", "all"]),
    userId: LineId.optional(),
    /** True when the bot itself is mentioned. */
    isSelf: z.boolean().optional(),
  })
  .loose();

const TextMessageSchema = z
  .object({
    id: z.string().regex(/^\d{1,30}$/),
    type: z.literal("text"),
    text: z.string().max(5000),
    quoteToken: z.string().optional(),
    /** The message this one quotes (a reply), when it quotes one. */
    quotedMessageId: z
      .string()
      .regex(/^\d{1,30}$/)
      .optional(),
    mention: z.object({ mentionees: z.array(MentioneeSchema) }).optional(),
  })
  .loose();

/** Image, video, audio and file messages: their content is fetched later by id, if at all. */
const FileMessageSchema = z
  .object({
    id: z.string().regex(/^\d{1,30}$/),
    type: z.enum(["image", "video", "audio", "file"]),
    fileName: z.string().optional(),
    fileSize: z.number().int().nonnegative().optional(),
    quotedMessageId: z
      .string()
      .regex(/^\d{1,30}$/)
      .optional(),
  })
  .loose();

export const LineMessageEventSchema = z
  .object({
    type: z.literal("message"),
    replyToken: z.string().min(1).max(200),
    message: z.discriminatedUnion("type", [TextMessageSchema, FileMessageSchema]),
    ...CommonEventFields,
  })
  .loose();

export const LinePostbackEventSchema = z
  .object({
    type: z.literal("postback"),
    replyToken: z.string().min(1).max(200),
    postback: z.object({ data: z.string().max(300), params: z.record(z.string(), z.unknown()).optional() }),
    ...CommonEventFields,
  })
  .loose();

export const LineEventSchema = z.discriminatedUnion("type", [
  LineMessageEventSchema,
  LinePostbackEventSchema,
]);
export type LineEvent = z.infer<typeof LineEventSchema>;

/** The message types Cairn reads; stickers, locations and others are acknowledged and skipped. */
export const LINE_MESSAGE_TYPES = ["text", "image", "video", "audio", "file"] as const;

/** The request body. `events` is empty when the console's "Verify" button checks the URL. */
export const LineWebhookBodySchema = z.object({
  /** The bot's own user id: the webhook's destination. */
  destination: LineId,
  events: z.array(z.looseObject({ type: z.string() })).max(100),
});
