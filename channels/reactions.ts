/**
 * Which emoji reactions decide a proposal. Only unmistakable yes/no emoji count; everything else
 * stays an ordinary reaction. Telegram lets bots' chats use a fixed set of reaction emoji that has
 * no check mark or cross, so there only the thumbs count.
 */
import type { Platform } from "./message";

export type ReactionDecision = "approve" | "reject";

/** Slack reaction names (`reaction_added.reaction`), without a skin tone. */
const SLACK_DECISIONS: Record<string, ReactionDecision> = {
  white_check_mark: "approve",
  heavy_check_mark: "approve",
  "+1": "approve",
  thumbsup: "approve",
  x: "reject",
  "-1": "reject",
  thumbsdown: "reject",
};

/** Telegram `ReactionTypeEmoji.emoji`. */
const TELEGRAM_DECISIONS: Record<string, ReactionDecision> = {
  "👍": "approve",
  "👎": "reject",
};

/**
 * @example reactionDecision("slack", "+1::skin-tone-3") // "approve"
 * @example reactionDecision("telegram", "🔥") // undefined
 */
export function reactionDecision(platform: Platform, name: string): ReactionDecision | undefined {
  if (platform === "slack") return SLACK_DECISIONS[name.replace(/::skin-tone-\d$/, "")];
  return TELEGRAM_DECISIONS[name];
}
