/**
 * GitHub's documented secondary rate limits ("Rate limits for the REST API"): no more than 80
 * content-creating requests per minute and 500 per hour, per account; comments are such requests.
 */
import type { OutboundPayload } from "../message";
import { type PaceRule, type PacingConfig, paceLimit, paceRule } from "../pacing";

export const GITHUB_PACING = {
  perMinute: { limit: 80, windowMs: 60_000 },
  perHour: { limit: 500, windowMs: 3_600_000 },
} as const;

export function githubPaceRules(
  channelId: string,
  payload: OutboundPayload,
  config: PacingConfig = {},
): PaceRule[] {
  if (payload.type === "callback_answer") return [];
  const limit = (rule: keyof typeof GITHUB_PACING) => paceLimit(config, "github", rule, GITHUB_PACING);
  return [
    ...paceRule(`account:${channelId}:minute`, limit("perMinute")),
    ...paceRule(`account:${channelId}:hour`, limit("perHour")),
  ];
}
