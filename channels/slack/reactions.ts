import type { ReactionDecision } from "../adapter";

/** Slack reaction names (`reaction_added.reaction`) that decide a proposal; everything else is a reaction. */
const DECISIONS: Record<string, ReactionDecision> = {
  white_check_mark: "approve",
  heavy_check_mark: "approve",
  "+1": "approve",
  thumbsup: "approve",
  x: "reject",
  "-1": "reject",
  thumbsdown: "reject",
};

/** @example slackReactionDecision("+1::skin-tone-3") // "approve" (skin tones do not matter) */
export function slackReactionDecision(name: string): ReactionDecision | undefined {
  return DECISIONS[name.replace(/::skin-tone-\d$/, "")];
}
