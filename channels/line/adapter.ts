/**
 * LINE: a Messaging API channel per tenant. Webhooks are signed with the channel secret
 * (X-Line-Signature over the raw body), batch several events and carry a `webhookEventId` that a
 * redelivery repeats; messages go out by push with a retry key; approval cards are Flex Messages
 * with postback buttons, and `approve <id>` typed in the chat works as well.
 */
import type { ChannelAdapter } from "../adapter";
import { LineSettingsSchema, lineConnector } from "./connect";
import { normalizeQueuedLineEvent } from "./normalize";
import { LINE_PACING } from "./pacing";
import { lineRoute } from "./route";
import { LINE_SETUP_USAGE, runLineSetup } from "./setup";
import { lineThreadKeys } from "./thread-keys";
import { lineWebhookEndpoint } from "./webhook";

export const lineAdapter: ChannelAdapter = {
  platform: "line",
  displayName: "LINE",
  webhooks: { "": lineWebhookEndpoint },
  // LINE posts JSON ("Content-Type: application/json; charset=utf-8").
  webhookMediaTypes: { "": ["application/json"] },
  normalize: normalizeQueuedLineEvent,
  threadKeys: lineThreadKeys,
  async botIdentity(channel) {
    const { botUserId } = LineSettingsSchema.catch({}).parse(channel.config);
    return { ids: botUserId ? [botUserId] : [], usernames: [] };
  },
  route: lineRoute,
  // LINE redelivers a request that was not answered 2xx (when redelivery is on): a sender's flood
  // is acknowledged and dropped; a tenant over its budget gets 429 so LINE delivers it later.
  ingressAnswer: (scope) => (scope === "sender" ? "acknowledge" : "retry-later"),
  pacingDefaults: LINE_PACING,
  // LINE's webhook reports no reactions to a bot's messages.
  reactionDecision: () => undefined,
  approvals: "buttons",
  settings: LineSettingsSchema,
  connector: lineConnector,
  setup: { usage: LINE_SETUP_USAGE, run: runLineSetup },
};
