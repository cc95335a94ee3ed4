import { z } from "zod";

/** Non-secret settings of a connected channel, stored as JSON in `channels.config`. */
export const ChannelConfigSchema = z.object({
  /** The platform API base URL (https://api.telegram.org, or a local stand-in for the demo). */
  apiBase: z.url(),
  /** Platform user ids allowed to approve proposals from the chat. */
  approvers: z.array(z.string()).default([]),
});
export type ChannelConfig = z.infer<typeof ChannelConfigSchema>;
