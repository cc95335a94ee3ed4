/**
 * The generic signed webhook: for any system that can POST JSON and receive it. Events arrive
 * signed with a shared secret (HMAC-SHA256 over timestamp and body, five-minute window); Cairn's
 * messages go to the tenant's callback URL, signed the same way. The format is Cairn's own and
 * documented in docs/channels/webhook.md.
 */
import type { ChannelAdapter } from "../adapter";
import { WebhookSettingsPatchSchema, WebhookSettingsSchema, webhookConnector } from "./connect";
import { normalizeQueuedWebhookEvent } from "./normalize";
import { WEBHOOK_PACING } from "./pacing";
import { webhookRoute } from "./route";
import { runWebhookSetup, WEBHOOK_SETUP_USAGE } from "./setup";
import { webhookThreadKeys } from "./thread-keys";
import { webhookEventEndpoint } from "./webhook";

export const webhookAdapter: ChannelAdapter = {
  platform: "generic",
  displayName: "Generic webhook",
  webhooks: { "": webhookEventEndpoint },
  webhookMediaTypes: { "": ["application/json"] },
  normalize: normalizeQueuedWebhookEvent,
  threadKeys: webhookThreadKeys,
  async botIdentity(channel) {
    const botId = WebhookSettingsSchema.shape.botId.catch("cairn").parse(channel.config.botId);
    return { ids: [botId], usernames: [`@${botId.toLowerCase()}`] };
  },
  route: webhookRoute,
  // A sender built for this format may retry anything but a 2xx: a sender's flood is acknowledged
  // and dropped; a tenant over its budget gets 429 with Retry-After, so a retrying sender waits.
  ingressAnswer: (scope) => (scope === "sender" ? "acknowledge" : "retry-later"),
  pacingDefaults: WEBHOOK_PACING,
  // The format has no reactions; buttons are pressed with `button` events, or answered in text.
  reactionDecision: () => undefined,
  approvals: "buttons",
  settings: WebhookSettingsPatchSchema,
  connector: webhookConnector,
  setup: { usage: WEBHOOK_SETUP_USAGE, run: runWebhookSetup },
};
