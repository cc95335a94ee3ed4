/**
 * A tenant's Slack app: its channel row, settings and opened secrets. The opened secrets are kept
 * per isolate, keyed by the sealed value, so a burst of events does not decrypt on every request
 * and a rotated secret (a new sealed value) is picked up at once.
 */
import {
  type ChannelConfig,
  ChannelConfigSchema,
  type SlackAppSecrets,
  SlackAppSecretsSchema,
} from "../../channels/channel-config";
import type { ChannelRow } from "../../db/queries/channels";
import { open } from "../../kernel/secret-box";
import { cachedChannel } from "./channel-cache";

export interface SlackApp {
  channel: ChannelRow;
  config: ChannelConfig;
  secrets: SlackAppSecrets;
}

const opened = new Map<string, SlackAppSecrets>();

export const TENANT_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

export async function loadSlackApp(env: Env, tenantId: string): Promise<SlackApp | null> {
  const channel = await cachedChannel(env, tenantId, "slack");
  if (!channel) return null;
  const cacheKey = `${tenantId}\u0000${channel.credentialsSealed}`;
  let secrets = opened.get(cacheKey);
  if (!secrets) {
    secrets = SlackAppSecretsSchema.parse(
      JSON.parse(await open(channel.credentialsSealed, tenantId, env.CAIRN_ENCRYPTION_KEY)),
    );
    if (opened.size > 1000) opened.clear();
    opened.set(cacheKey, secrets);
  }
  return { channel, config: ChannelConfigSchema.parse(channel.config), secrets };
}
