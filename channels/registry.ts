/**
 * The channel registry: the one list of platforms Cairn speaks. Everything outside
 * `channels/<platform>/` finds a platform's adapter here, by name or by a queued event's kind,
 * and never names a platform itself. Adding a platform is a folder and one line below; a test may
 * register an adapter of its own (`registerChannelAdapter`) without touching any other file.
 */
import { z } from "zod";
import type { ChannelAdapter, ConnectedChannel } from "./adapter";
import { BaseChannelConfigSchema } from "./channel-config";
import { webhookAdapter } from "./generic/adapter";
import { githubAdapter } from "./github/adapter";
import { lineAdapter } from "./line/adapter";
import { slackAdapter } from "./slack/adapter";
import { telegramAdapter } from "./telegram/adapter";

const adapters = new Map<string, ChannelAdapter>();

const PLATFORM_NAME = /^[a-z][a-z0-9-]{0,31}$/;

export function registerChannelAdapter(adapter: ChannelAdapter): void {
  if (!PLATFORM_NAME.test(adapter.platform)) throw new Error(`invalid platform name "${adapter.platform}"`);
  const existing = adapters.get(adapter.platform);
  if (existing && existing !== adapter) throw new Error(`platform "${adapter.platform}" is registered twice`);
  adapters.set(adapter.platform, adapter);
}

for (const adapter of [telegramAdapter, slackAdapter, webhookAdapter, lineAdapter, githubAdapter])
  registerChannelAdapter(adapter);

export function channelAdapter(platform: string): ChannelAdapter | undefined {
  return adapters.get(platform);
}

/** The adapter of a channel known to exist (its row names a platform this build speaks). */
export function requireChannelAdapter(platform: string): ChannelAdapter {
  const adapter = adapters.get(platform);
  if (!adapter) throw new Error(`no channel adapter for platform "${platform}"`);
  return adapter;
}

/** A queued event's kind is `<platform>.<event>`. */
export function adapterForEventKind(kind: string): ChannelAdapter | undefined {
  const dot = kind.indexOf(".");
  return dot > 0 ? adapters.get(kind.slice(0, dot)) : undefined;
}

export function channelPlatforms(): string[] {
  return [...adapters.keys()];
}

/** A platform name this build speaks, as a schema field. */
export const PlatformNameSchema = z
  .string()
  .refine((name) => adapters.has(name), { message: "not a platform Cairn speaks" });

/** Every platform's documented pacing defaults, by platform and rule name. */
export function defaultPacing(): Record<string, ChannelAdapter["pacingDefaults"]> {
  return Object.fromEntries([...adapters.values()].map((a) => [a.platform, a.pacingDefaults]));
}

/**
 * A channel's settings, parsed. Pacing overrides must name a platform and a rule its adapter
 * defines, so a misspelt rule is an error rather than a limit silently not in force.
 */
export const ChannelConfigSchema = BaseChannelConfigSchema.superRefine((config, context) => {
  for (const [platform, rules] of Object.entries(config.pacing ?? {})) {
    const adapter = adapters.get(platform);
    if (!adapter) {
      context.addIssue({
        code: "custom",
        path: ["pacing", platform],
        message: `unknown platform ${platform}`,
      });
      continue;
    }
    for (const rule of Object.keys(rules)) {
      if (!(rule in adapter.pacingDefaults))
        context.addIssue({
          code: "custom",
          path: ["pacing", platform, rule],
          message: `unknown pacing rule ${rule} for ${platform} (known: ${Object.keys(adapter.pacingDefaults).join(", ")})`,
        });
    }
  }
});

/** The stored row of a channel, as `db/queries/channels` returns it. */
export interface StoredChannel {
  id: string;
  tenantId: string;
  kind: string;
  agentId: string;
  webhookSecretHash: string | null;
  credentialsSealed: string;
  config: unknown;
}

/** Where a channel row is read: its settings are parsed here, once. */
export function connectedChannel(row: StoredChannel): ConnectedChannel {
  return {
    id: row.id,
    tenantId: row.tenantId,
    platform: row.kind,
    agentId: row.agentId,
    webhookSecretHash: row.webhookSecretHash,
    credentialsSealed: row.credentialsSealed,
    config: ChannelConfigSchema.parse(row.config),
  };
}
