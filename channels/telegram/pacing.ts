/**
 * Telegram's documented limits (Bot FAQ, "My bot is hitting limits"): about one message per
 * second in one chat, no more than 20 messages per minute to one group, about 30 messages per
 * second in total.
 */
import type { OutboundPayload } from "../message";
import { type PaceRule, type PacingConfig, paceLimit, paceRule } from "../pacing";

export const TELEGRAM_PACING = {
  perChat: { limit: 1, windowMs: 1_000 },
  perGroup: { limit: 20, windowMs: 60_000 },
  perBot: { limit: 30, windowMs: 1_000 },
} as const;

/** Telegram chat ids of groups, supergroups and channels are negative; users' are positive. */
function isTelegramGroup(chatId: string): boolean {
  return chatId.startsWith("-");
}

/**
 * The rules one Telegram payload must pass. Messages and edits both count against the chat and
 * the bot; answering a button press is not a message and is never held back (the client shows a
 * spinner until it is answered).
 * @example telegramPaceRules("ch_acme", { type: "message", conversationId: "-100123", text: "hi" })
 *   // → chat 1/s, group 20/min, bot 30/s
 */
export function telegramPaceRules(
  channelId: string,
  payload: OutboundPayload,
  config: PacingConfig = {},
): PaceRule[] {
  if (payload.type === "callback_answer") return [];
  const limit = (rule: keyof typeof TELEGRAM_PACING) => paceLimit(config, "telegram", rule, TELEGRAM_PACING);
  const chat = `chat:${channelId}:${payload.conversationId}`;
  return [
    ...paceRule(chat, limit("perChat")),
    ...(isTelegramGroup(payload.conversationId)
      ? paceRule(`group:${channelId}:${payload.conversationId}`, limit("perGroup"))
      : []),
    ...paceRule(`bot:${channelId}`, limit("perBot")),
  ];
}
