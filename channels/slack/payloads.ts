/**
 * zod schemas of what Slack posts to Cairn: Events API envelopes
 * (https://api.slack.com/apis/events-api), slash commands (form-encoded) and interactivity
 * (`payload=` JSON, https://api.slack.com/reference/interaction-payloads/block-actions). Only the
 * fields Cairn reads are required; unknown fields pass, because Slack adds fields over time.
 */
import { z } from "zod";

export const UrlVerificationSchema = z
  .object({ type: z.literal("url_verification"), challenge: z.string().min(1).max(500) })
  .loose();

const SlackFileSchema = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    mimetype: z.string().optional(),
    size: z.number().int().optional(),
  })
  .loose();

export const SlackMessageEventSchema = z
  .object({
    type: z.enum(["message", "app_mention"]),
    subtype: z.string().optional(),
    channel: z.string(),
    channel_type: z.string().optional(),
    user: z.string().optional(),
    bot_id: z.string().optional(),
    text: z.string().default(""),
    ts: z.string(),
    thread_ts: z.string().optional(),
    files: z.array(SlackFileSchema).optional(),
  })
  .loose();
export type SlackMessageEvent = z.infer<typeof SlackMessageEventSchema>;

export const SlackReactionEventSchema = z
  .object({
    type: z.literal("reaction_added"),
    user: z.string(),
    reaction: z.string(),
    item: z.object({ type: z.string(), channel: z.string().optional(), ts: z.string().optional() }).loose(),
    event_ts: z.string(),
  })
  .loose();
export type SlackReactionEvent = z.infer<typeof SlackReactionEventSchema>;

export const EventCallbackSchema = z
  .object({
    type: z.literal("event_callback"),
    team_id: z.string().min(1),
    api_app_id: z.string().optional(),
    event_id: z.string().min(1),
    event_time: z.number().int(),
    event: z.object({ type: z.string() }).loose(),
  })
  .loose();
export type EventCallback = z.infer<typeof EventCallbackSchema>;

export const EventsRequestSchema = z.discriminatedUnion("type", [UrlVerificationSchema, EventCallbackSchema]);

export const SlashCommandSchema = z
  .object({
    team_id: z.string().min(1),
    channel_id: z.string().min(1),
    user_id: z.string().min(1),
    user_name: z.string().default(""),
    command: z.string().startsWith("/"),
    text: z.string().default(""),
    response_url: z.url(),
    trigger_id: z.string().min(1),
  })
  .loose();
export type SlashCommand = z.infer<typeof SlashCommandSchema>;

export const BlockActionsSchema = z
  .object({
    type: z.literal("block_actions"),
    team: z.object({ id: z.string() }).loose(),
    user: z.object({ id: z.string(), username: z.string().optional(), name: z.string().optional() }).loose(),
    channel: z.object({ id: z.string() }).loose(),
    container: z.object({ message_ts: z.string().optional() }).loose().optional(),
    message: z.object({ ts: z.string(), thread_ts: z.string().optional() }).loose(),
    response_url: z.url(),
    actions: z
      .array(
        z
          .object({
            action_id: z.string(),
            value: z.string().max(2000).optional(),
            action_ts: z.string(),
          })
          .loose(),
      )
      .min(1),
  })
  .loose();
export type BlockActions = z.infer<typeof BlockActionsSchema>;
