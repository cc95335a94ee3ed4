/**
 * The generic webhook's receiver is the tenant's own service, with no published limit; these
 * defaults keep a burst from arriving all at once and are meant to be tuned per channel
 * (`PATCH /api/channels/<id> {"pacing": {"generic": {...}}}`). Its 429s are honoured either way.
 */
import type { OutboundPayload } from "../message";
import { type PaceRule, type PacingConfig, paceLimit, paceRule } from "../pacing";

export const WEBHOOK_PACING = {
  perConversation: { limit: 5, windowMs: 1_000 },
  perCallback: { limit: 50, windowMs: 1_000 },
} as const;

/** Messages and edits count against their conversation and the callback; button answers are never held. */
export function webhookPaceRules(
  channelId: string,
  payload: OutboundPayload,
  config: PacingConfig = {},
): PaceRule[] {
  if (payload.type === "callback_answer") return [];
  const limit = (rule: keyof typeof WEBHOOK_PACING) => paceLimit(config, "generic", rule, WEBHOOK_PACING);
  return [
    ...paceRule(`chat:${channelId}:${payload.conversationId}`, limit("perConversation")),
    ...paceRule(`callback:${channelId}`, limit("perCallback")),
  ];
}
