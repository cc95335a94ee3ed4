/**
 * The models a tenant can use: its configured providers (plus the deployment's OpenAI and
 * Anthropic keys), and the tier table they serve. With no key at all, every tier is served by
 * the offline provider, which costs nothing and says in each reply that no model is configured.
 */
import { DEFAULT_TIER_TABLE } from "../kernel/routing/default-tiers";
import type { TenantRoutingSettings } from "../kernel/routing/tenant-settings";
import { mergeTierTable, type TierTable } from "../kernel/routing/tier-table";
import { MODEL_TIERS } from "../kernel/routing/types";
import { createOfflineProvider } from "./offline";
import { createProvider, type ProviderConfig, privateProviderMap } from "./provider-config";
import { storedSecretShortName, tenantSecretName } from "./tenant-secrets";
import type { ModelProvider } from "./types";

export interface TenantModels {
  providers: Record<string, ModelProvider>;
  table: TierTable;
  privateProviders: Record<string, boolean>;
  offline: boolean;
}

type ModelSecrets = Pick<
  Env,
  "OPENAI_API_KEY" | "OPENAI_BASE_URL" | "OPENAI_MODEL" | "ANTHROPIC_API_KEY" | "ANTHROPIC_MODEL"
>;

/** The deployment-wide providers, present when their keys are set. */
function deploymentProviders(env: ModelSecrets): ProviderConfig[] {
  const configs: ProviderConfig[] = [];
  if (env.OPENAI_API_KEY) {
    configs.push({
      id: "openai",
      kind: "openai",
      apiKeySecret: "OPENAI_API_KEY",
      private: false,
      ...(env.OPENAI_BASE_URL ? { baseURL: env.OPENAI_BASE_URL } : {}),
    });
  }
  if (env.ANTHROPIC_API_KEY) {
    configs.push({ id: "anthropic", kind: "anthropic", apiKeySecret: "ANTHROPIC_API_KEY", private: false });
  }
  return configs;
}

/** OPENAI_MODEL / ANTHROPIC_MODEL pin one model for every tier of that provider (a local vLLM, say). */
function pinModels(table: TierTable, env: ModelSecrets): TierTable {
  const pins: Record<string, string | undefined> = {
    openai: env.OPENAI_MODEL,
    anthropic: env.ANTHROPIC_MODEL,
  };
  const pinned = structuredClone(table);
  for (const tier of MODEL_TIERS) {
    pinned[tier].routes = pinned[tier].routes.map((route) => {
      const model = pins[route.provider];
      return model ? { ...route, model } : route;
    });
  }
  return pinned;
}

function offlineTable(): TierTable {
  const table = structuredClone(DEFAULT_TIER_TABLE);
  for (const tier of MODEL_TIERS) {
    table[tier].routes = [
      { provider: "offline", model: "offline", price: { input: 0, output: 0, cachedInput: 0 } },
    ];
  }
  return table;
}

/**
 * A tenant's provider entries with their secret resolved in the tenant's own namespace: an entry
 * names a short name, never a Worker secret, so it cannot reach the deployment's keys
 * (`CAIRN_ENCRYPTION_KEY`) nor another tenant's (providers/tenant-secrets.ts).
 */
function ownProviderConfigs(tenantId: string, settings: TenantRoutingSettings): ProviderConfig[] {
  return (settings.providers ?? []).flatMap((config) => {
    const secret = tenantSecretName(tenantId, storedSecretShortName(tenantId, config.apiKeySecret));
    return secret ? [{ ...config, apiKeySecret: secret }] : [];
  });
}

export function tenantModels(
  env: ModelSecrets,
  tenantId: string,
  settings: TenantRoutingSettings,
): TenantModels {
  const tenantConfigs = ownProviderConfigs(tenantId, settings);
  const configs = [
    ...tenantConfigs,
    ...deploymentProviders(env).filter((config) => !tenantConfigs.some((own) => own.id === config.id)),
  ];
  const secrets = env as unknown as Record<string, string | undefined>;
  const usable = configs.filter((config) => Boolean(secrets[config.apiKeySecret]));
  if (usable.length === 0) {
    return {
      providers: { offline: createOfflineProvider() },
      table: offlineTable(),
      privateProviders: { offline: true },
      offline: true,
    };
  }
  return {
    providers: Object.fromEntries(usable.map((config) => [config.id, createProvider(config, secrets)])),
    table: pinModels(mergeTierTable(DEFAULT_TIER_TABLE, settings.tierOverride), env),
    privateProviders: privateProviderMap(usable),
    offline: false,
  };
}
