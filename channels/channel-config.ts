import { z } from "zod";
import { PacingConfigSchema } from "./pacing";

/**
 * Non-secret settings of a connected channel, stored as JSON in `channels.config`: the settings
 * every platform has. A platform's own settings (Telegram's bot username, Slack's client id) sit
 * beside them and are read by its adapter (`ChannelAdapter.settings`), so the object is loose.
 * Parse with the registry's `ChannelConfigSchema`, which also checks pacing rule names.
 */
export const BaseChannelConfigSchema = z.looseObject({
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
  /** Overrides of the proactive send pacing (channels/pacing.ts); unset rules keep their defaults. */
  pacing: PacingConfigSchema.optional(),
});
export type ChannelConfig = z.infer<typeof BaseChannelConfigSchema>;
