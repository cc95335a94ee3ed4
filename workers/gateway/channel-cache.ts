/**
 * The webhook hot path reads a tenant's channel row on every request; under a burst that D1 read
 * is most of the acknowledgement time. Rows are kept per isolate for a few seconds. Changes made
 * through the admin API forget the entry at once in that isolate; other isolates see a changed
 * webhook secret or Slack app within CHANNEL_CACHE_TTL_MS (documented in docs/channels.md).
 */
import { database } from "../../db/client";
import { type ChannelRow, getChannelByKind } from "../../db/queries/channels";

export const CHANNEL_CACHE_TTL_MS = 10_000;
const MAX_ENTRIES = 5_000;
const entries = new Map<string, { row: ChannelRow | null; until: number }>();

export async function cachedChannel(
  env: Pick<Env, "DB">,
  tenantId: string,
  kind: ChannelRow["kind"],
  now = Date.now(),
): Promise<ChannelRow | null> {
  const key = `${tenantId}\u0000${kind}`;
  const hit = entries.get(key);
  if (hit && hit.until > now) return hit.row;
  const row = await getChannelByKind(database(env.DB), tenantId, kind);
  if (entries.size >= MAX_ENTRIES) entries.clear();
  entries.set(key, { row, until: now + CHANNEL_CACHE_TTL_MS });
  return row;
}

export function forgetChannel(tenantId: string, kind: ChannelRow["kind"]): void {
  entries.delete(`${tenantId}\u0000${kind}`);
}
