/**
 * LINE's documented limit (Messaging API reference, "Rate limits"): push and reply, like most
 * endpoints, allow 2,000 requests per second per channel. LINE publishes no per-chat limit.
 */
import type { OutboundPayload } from "../message";
import { type PaceRule, type PacingConfig, paceLimit, paceRule } from "../pacing";

export const LINE_PACING = {
  perChannel: { limit: 2000, windowMs: 1_000 },
} as const;

/** Pushes count against the channel; answering a press (a reply) is never held back. */
export function linePaceRules(
  channelId: string,
  payload: OutboundPayload,
  config: PacingConfig = {},
): PaceRule[] {
  if (payload.type !== "message") return [];
  return paceRule(`bot:${channelId}`, paceLimit(config, "line", "perChannel", LINE_PACING));
}
