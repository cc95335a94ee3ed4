import { z } from "zod";
import { PacingConfigSchema } from "./pacing";

/** Non-secret settings of a connected channel, stored as JSON in `channels.config`. */
export const ChannelConfigSchema = z.object({
  /** The platform API base URL (https://api.telegram.org, https://slack.com/api, or a local stand-in). */
  apiBase: z.url(),
  /** Platform user ids allowed to approve proposals from the chat. Approvers may always talk to agents. */
  approvers: z.array(z.string()).default([]),
  /**
   * Who may drive an agent: `allow_list` admits approvers and senders on the channel's allow list
   * (added by the owner or by an approved pairing code); `open` admits anyone who reaches the bot.
   */
  senderPolicy: z.enum(["allow_list", "open"]).default("allow_list"),
  /** In groups: `mention` answers only when addressed (mention, reply to the bot, command). */
  groupPolicy: z.enum(["mention", "open"]).default("mention"),
  /** Telegram: the bot's @username (without @), for recognising mentions in groups. */
  botUsername: z.string().optional(),
  /** Slack: the app's client id, for the OAuth v2 install link. */
  slackClientId: z.string().optional(),
  /** Overrides of the proactive send pacing (channels/pacing.ts); unset rules keep their defaults. */
  pacing: PacingConfigSchema.optional(),
});
export type ChannelConfig = z.infer<typeof ChannelConfigSchema>;

/** Slack app secrets, sealed together in `channels.credentials_sealed`. */
export const SlackAppSecretsSchema = z.object({
  signingSecret: z.string().min(1),
  clientSecret: z.string().min(1),
});
export type SlackAppSecrets = z.infer<typeof SlackAppSecretsSchema>;
