/**
 * A tenant's Slack app secrets (signing secret, client secret), sealed together in
 * `channels.credentials_sealed`. Opened secrets are kept per isolate, keyed by the sealed value,
 * so a burst of events does not decrypt on every request and a rotated secret (a new sealed
 * value) is picked up at once.
 */
import { z } from "zod";
import type { ChannelPorts, ConnectedChannel } from "../adapter";

export const SlackAppSecretsSchema = z.object({
  signingSecret: z.string().min(1),
  clientSecret: z.string().min(1),
});
export type SlackAppSecrets = z.infer<typeof SlackAppSecretsSchema>;

/** Settings only Slack channels have: the app's client id, for the OAuth v2 install link. */
export const SlackSettingsSchema = z.object({ slackClientId: z.string().optional() });

const opened = new Map<string, SlackAppSecrets>();

export async function slackAppSecrets(
  channel: ConnectedChannel,
  ports: ChannelPorts,
): Promise<SlackAppSecrets> {
  const cacheKey = `${channel.tenantId}\u0000${channel.credentialsSealed}`;
  let secrets = opened.get(cacheKey);
  if (!secrets) {
    secrets = SlackAppSecretsSchema.parse(JSON.parse(await ports.openSecret(channel.credentialsSealed)));
    if (opened.size > 1000) opened.clear();
    opened.set(cacheKey, secrets);
  }
  return secrets;
}
