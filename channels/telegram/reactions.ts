import type { ReactionDecision } from "../adapter";

/**
 * Telegram lets bots' chats use a fixed set of reaction emoji (`ReactionTypeEmoji.emoji`) that
 * has no check mark or cross, so only the thumbs decide a proposal.
 * @example telegramReactionDecision("🔥") // undefined
 */
const DECISIONS: Record<string, ReactionDecision> = { "👍": "approve", "👎": "reject" };

export function telegramReactionDecision(name: string): ReactionDecision | undefined {
  return DECISIONS[name];
}
