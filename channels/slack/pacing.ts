/**
 * Slack's documented limits (Web API rate limits): chat.postMessage about one message per second
 * per channel; chat.update is a Tier 3 method, 50+ per minute per workspace. The workspace-wide
 * limit of chat.postMessage is not published, so `postsPerWorkspace` is off unless configured.
 */

import type { OutboundPayload } from "../message";
import type { PaceLimit } from "../pacing";
import { type PaceRule, type PacingConfig, paceLimit, paceRule } from "../pacing";

export const SLACK_PACING: Record<
  "perChannel" | "updatesPerWorkspace" | "postsPerWorkspace",
  PaceLimit | undefined
> = {
  perChannel: { limit: 1, windowMs: 1_000 },
  updatesPerWorkspace: { limit: 50, windowMs: 60_000 },
  postsPerWorkspace: undefined,
};

/**
 * The rules one Slack payload must pass: a new message counts against its channel (and the
 * workspace, when configured); an edit (chat.update) against the workspace's Tier 3 budget. A
 * response_url answer has no documented rate and is not paced.
 */
export function slackPaceRules(
  channelId: string,
  teamId: string,
  payload: OutboundPayload,
  config: PacingConfig = {},
): PaceRule[] {
  if (payload.type === "callback_answer") return [];
  const limit = (rule: keyof typeof SLACK_PACING) => paceLimit(config, "slack", rule, SLACK_PACING);
  const bot = `bot:${channelId}:${teamId}`;
  if (payload.type === "edit_message") return paceRule(`${bot}:chat.update`, limit("updatesPerWorkspace"));
  return [
    ...paceRule(`chat:${channelId}:${payload.conversationId}`, limit("perChannel")),
    ...paceRule(`${bot}:chat.postMessage`, limit("postsPerWorkspace")),
  ];
}
