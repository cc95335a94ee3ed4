/**
 * The webhook hot path reads a tenant's channel row on every request; under a burst that D1 read
 * is most of the acknowledgement time. Channels (settings parsed once, here) are kept per isolate
 * for a few seconds. Changes made through the admin API forget the entry at once in that isolate;
 * other isolates see a changed webhook secret or app within CHANNEL_CACHE_TTL_MS (documented in
 * docs/channels.md).
 */
import type { ConnectedChannel } from "../../channels/adapter";
import { connectedChannel } from "../../channels/registry";
import { database } from "../../db/client";
import { getChannelByKind } from "../../db/queries/channels";

export const CHANNEL_CACHE_TTL_MS = 10_000;
const MAX_ENTRIES = 5_000;
const entries = new Map<string, { channel: ConnectedChannel | null; until: number }>();

export async function cachedChannel(
  env: Pick<Env, "DB">,
  tenantId: string,
  platform: string,
  now = Date.now(),
): Promise<ConnectedChannel | null> {
  const key = `${tenantId}\u0000${platform}`;
  const hit = entries.get(key);
  if (hit && hit.until > now) return hit.channel;
  const row = await getChannelByKind(database(env.DB), tenantId, platform);
  const channel = row ? connectedChannel(row) : null;
  if (entries.size >= MAX_ENTRIES) entries.clear();
  entries.set(key, { channel, until: now + CHANNEL_CACHE_TTL_MS });
  return channel;
}

export function forgetChannel(tenantId: string, platform: string): void {
  entries.delete(`${tenantId}\u0000${platform}`);
}
