/**
 * Slack: one app per tenant (signing secret, client secret), installed into workspaces by OAuth
 * v2 (one bot token per workspace); events, slash commands and buttons arrive on three signed
 * request URLs.
 */
import { INTERNAL_SOURCE } from "../../kernel/context/threads";
import type { ChannelAdapter } from "../adapter";
import { slackConnector, slackInstallLink } from "./connect";
import { slackInstallRoutes } from "./install-routes";
import { normalizeQueuedSlackEvent } from "./normalize-queued";
import { SLACK_PACING } from "./pacing";
import { slackReactionDecision } from "./reactions";
import { slackRoute } from "./route";
import { slackThreadKeys } from "./thread-keys";
import { slackWebhooks } from "./webhook";

export const slackAdapter: ChannelAdapter = {
  platform: "slack",
  displayName: "Slack",
  webhooks: slackWebhooks,
  // Events API posts JSON; slash commands and interactivity post form-encoded bodies.
  webhookMediaTypes: {
    events: ["application/json"],
    commands: ["application/x-www-form-urlencoded"],
    interactivity: ["application/x-www-form-urlencoded"],
  },
  normalize: normalizeQueuedSlackEvent,
  threadKeys: (inbound) =>
    inbound.platformMessageId
      ? slackThreadKeys({
          channelId: inbound.conversationId,
          ts: inbound.platformMessageId,
          ...(inbound.threadKey ? { threadTs: inbound.threadKey } : {}),
        })
      : INTERNAL_SOURCE,
  async botIdentity(_channel, inbound, ports) {
    // The bot user is the workspace installation's; conversation ids are `<team id>:<channel id>`.
    const teamId = inbound.conversationId.split(":")[0] ?? "";
    const installation = await ports.installation(teamId);
    return { ids: installation ? [installation.botUserId] : [], usernames: [] };
  },
  route: slackRoute,
  // Slack retries a failed event three times (at once, after a minute, after five) and turns off
  // an app's events when nearly all fail for an hour: a sender's flood is acknowledged and
  // dropped; a tenant over its budget gets 429, so Slack's retries bring its events in later.
  ingressAnswer: (scope) => (scope === "sender" ? "acknowledge" : "retry-later"),
  pacingDefaults: SLACK_PACING,
  reactionDecision: slackReactionDecision,
  approvals: "buttons",
  connector: slackConnector,
  actions: { "install-link": slackInstallLink },
  routes: slackInstallRoutes,
};
