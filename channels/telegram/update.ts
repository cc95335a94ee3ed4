/**
 * zod schemas of the Telegram Bot API `Update` (https://core.telegram.org/bots/api#update),
 * covering the fields Cairn reads. Unknown fields are accepted and ignored: Telegram adds
 * fields over time and a new field must not start rejecting real updates.
 */
import { z } from "zod";

export const TelegramUserSchema = z.object({
  id: z.number().int(),
  is_bot: z.boolean(),
  first_name: z.string(),
  last_name: z.string().optional(),
  username: z.string().optional(),
  language_code: z.string().optional(),
});

export const TelegramChatSchema = z.object({
  id: z.number().int(),
  type: z.enum(["private", "group", "supergroup", "channel"]),
  title: z.string().optional(),
  username: z.string().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  is_forum: z.boolean().optional(),
});

const MessageEntitySchema = z.object({
  type: z.string(),
  offset: z.number().int(),
  length: z.number().int(),
  /** For `text_mention`: the user mentioned without a username. */
  user: TelegramUserSchema.optional(),
});

/** PhotoSize, Document, Audio, Video, Voice and Sticker share these fields. */
const FileSchema = z
  .object({
    file_id: z.string(),
    file_unique_id: z.string(),
    file_name: z.string().optional(),
    mime_type: z.string().optional(),
    file_size: z.number().int().optional(),
  })
  .loose();

const BaseMessageSchema = z.object({
  message_id: z.number().int(),
  message_thread_id: z.number().int().optional(),
  from: TelegramUserSchema.optional(),
  sender_chat: TelegramChatSchema.optional(),
  date: z.number().int(),
  chat: TelegramChatSchema,
  edit_date: z.number().int().optional(),
  text: z.string().max(4096).optional(),
  caption: z.string().max(1024).optional(),
  entities: z.array(MessageEntitySchema).optional(),
  caption_entities: z.array(MessageEntitySchema).optional(),
  photo: z.array(FileSchema).optional(),
  document: FileSchema.optional(),
  audio: FileSchema.optional(),
  video: FileSchema.optional(),
  voice: FileSchema.optional(),
  sticker: FileSchema.optional(),
  is_topic_message: z.boolean().optional(),
});

export const TelegramMessageSchema = BaseMessageSchema.extend({
  reply_to_message: BaseMessageSchema.optional(),
});
export type TelegramMessage = z.infer<typeof TelegramMessageSchema>;

export const TelegramCallbackQuerySchema = z.object({
  id: z.string(),
  from: TelegramUserSchema,
  message: TelegramMessageSchema.optional(),
  chat_instance: z.string(),
  data: z.string().max(64).optional(),
});

export const TelegramChatMemberUpdatedSchema = z.object({
  chat: TelegramChatSchema,
  from: TelegramUserSchema,
  date: z.number().int(),
  old_chat_member: z.object({ status: z.string() }).loose(),
  new_chat_member: z.object({ status: z.string() }).loose(),
});

/** ReactionTypeEmoji, ReactionTypeCustomEmoji or ReactionTypePaid; only emoji carry `emoji`. */
const ReactionTypeSchema = z.object({ type: z.string(), emoji: z.string().optional() }).loose();

/**
 * MessageReactionUpdated: a user changed their reactions on a message. Sent only to a bot that
 * is an administrator of the chat and asked for `message_reaction`; never for bots' reactions.
 * `user` is absent when an anonymous administrator reacted on behalf of `actor_chat`.
 */
export const TelegramMessageReactionSchema = z.object({
  chat: TelegramChatSchema,
  message_id: z.number().int(),
  user: TelegramUserSchema.optional(),
  actor_chat: TelegramChatSchema.optional(),
  date: z.number().int(),
  old_reaction: z.array(ReactionTypeSchema),
  new_reaction: z.array(ReactionTypeSchema),
});
export type TelegramMessageReaction = z.infer<typeof TelegramMessageReactionSchema>;

/**
 * Every update kind Cairn handles; the webhook CLI asks Telegram for exactly these. Telegram sends
 * message_reaction only where the bot is an administrator (reactions on proposal cards).
 */
export const UPDATE_KINDS = [
  "message",
  "edited_message",
  "channel_post",
  "callback_query",
  "my_chat_member",
  "message_reaction",
] as const;

export const TelegramUpdateSchema = z
  .object({
    update_id: z.number().int().nonnegative(),
    message: TelegramMessageSchema.optional(),
    edited_message: TelegramMessageSchema.optional(),
    channel_post: TelegramMessageSchema.optional(),
    callback_query: TelegramCallbackQuerySchema.optional(),
    my_chat_member: TelegramChatMemberUpdatedSchema.optional(),
    message_reaction: TelegramMessageReactionSchema.optional(),
  })
  .loose()
  .refine((update) => UPDATE_KINDS.filter((kind) => update[kind] !== undefined).length <= 1, {
    message: `an update carries at most one of ${UPDATE_KINDS.join(", ")}`,
  });
export type TelegramUpdate = z.infer<typeof TelegramUpdateSchema>;
