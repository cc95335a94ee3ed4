/** Telegram: the Bot API, one bot per tenant, webhooks authenticated by a secret token. */
import type { ChannelAdapter } from "../adapter";
import { TelegramSettingsSchema, telegramConnector } from "./connect";
import { normalizeQueuedUpdate } from "./normalize-queued";
import { TELEGRAM_PACING } from "./pacing";
import { telegramReactionDecision } from "./reactions";
import { telegramRoute } from "./route";
import { telegramThreadKeysOf } from "./thread-keys";
import { telegramUpdateEndpoint } from "./webhook";
import { runTelegramSetup, TELEGRAM_SETUP_USAGE } from "./webhook-setup";

export const telegramAdapter: ChannelAdapter = {
  platform: "telegram",
  displayName: "Telegram",
  webhooks: { "": telegramUpdateEndpoint },
  // "An HTTPS POST request … with a JSON-serialized Update" (Bot API, setWebhook).
  webhookMediaTypes: { "": ["application/json"] },
  normalize: normalizeQueuedUpdate,
  threadKeys: telegramThreadKeysOf,
  async botIdentity(channel, _inbound, ports) {
    // The bot's user id is the token's prefix (`123456:ABC…`).
    const id = (await ports.openSecret(channel.credentialsSealed)).split(":")[0];
    const { botUsername } = TelegramSettingsSchema.catch({}).parse(channel.config);
    return { ids: id ? [id] : [], usernames: botUsername ? [`@${botUsername.toLowerCase()}`] : [] };
  },
  route: telegramRoute,
  // Telegram redelivers every update not answered 2xx, for up to a day: a sender's flood is
  // acknowledged and dropped (a 429 would only have Telegram send it again), while a tenant over
  // its budget gets 429 so Telegram holds the updates and delivers them later.
  ingressAnswer: (scope) => (scope === "sender" ? "acknowledge" : "retry-later"),
  pacingDefaults: TELEGRAM_PACING,
  reactionDecision: telegramReactionDecision,
  approvals: "buttons",
  settings: TelegramSettingsSchema,
  connector: telegramConnector,
  setup: { usage: TELEGRAM_SETUP_USAGE, run: runTelegramSetup },
};
