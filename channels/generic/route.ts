/**
 * How a payload goes out on the generic webhook: one signed POST to the tenant's callback URL.
 * A 429 from the receiver pauses the whole callback, since it is one service whatever the
 * conversation.
 */
import type { ChannelAdapter } from "../adapter";
import { payloadConversation } from "../message";
import { sendWebhookCallback, WEBHOOK_MESSAGE_LIMIT, WebhookCallbackError } from "./callback";
import { WebhookSettingsSchema } from "./connect";
import { webhookPaceRules } from "./pacing";

export const webhookRoute: ChannelAdapter["route"] = async (channel, payload, ports) => {
  const settings = WebhookSettingsSchema.safeParse(channel.config);
  if (!settings.success)
    throw new WebhookCallbackError("the webhook channel has no valid callbackUrl", 410, undefined);
  const secret = await ports.openSecret(channel.credentialsSealed);
  const callback = `callback:${channel.id}`;
  const conversation = payloadConversation(payload);
  const target = { url: settings.data.callbackUrl, secret, now: () => ports.now() };
  return {
    sender: {
      limit: WEBHOOK_MESSAGE_LIMIT,
      send: (part, delivery) =>
        sendWebhookCallback(target, part, delivery?.idempotencyKey ?? crypto.randomUUID()),
    },
    scopes: conversation ? [callback, `chat:${channel.id}:${conversation}`] : [callback],
    limitedScope: callback,
    pace: webhookPaceRules(channel.id, payload, channel.config.pacing),
  };
};
