/**
 * A tenant's provider configuration and the factory that turns one entry plus the Worker's
 * secrets into a ModelProvider. Keys never live in configuration: an entry names the secret.
 */

import type { ProviderConfig } from "../kernel/routing/provider-entry";
import { AnthropicProvider } from "./anthropic";
import { OpenAICompatibleProvider } from "./openai";
import type { ModelProvider } from "./types";

export {
  type ProviderConfig,
  providerConfigListSchema,
  providerConfigSchema,
} from "../kernel/routing/provider-entry";

export interface ProviderRuntime {
  /** Passed to the SDKs; in Workers the global fetch is used when absent. */
  fetch?: typeof fetch;
}

export class MissingProviderSecretError extends Error {
  constructor(
    readonly providerId: string,
    readonly secretName: string,
  ) {
    super(`provider "${providerId}" needs the secret ${secretName}, which is not set`);
    this.name = "MissingProviderSecretError";
  }
}

/**
 * Builds a provider from one configuration entry and the tenant's secrets.
 *
 * @example
 * createProvider({ id: "groq", kind: "openai", baseURL: "https://api.groq.com/openai/v1",
 *   apiKeySecret: "GROQ_API_KEY", private: false }, env)
 */
export function createProvider(
  config: ProviderConfig,
  secrets: Readonly<Record<string, string | undefined>>,
  runtime: ProviderRuntime = {},
): ModelProvider {
  const apiKey = secrets[config.apiKeySecret];
  if (!apiKey) throw new MissingProviderSecretError(config.id, config.apiKeySecret);
  const common = {
    id: config.id,
    apiKey,
    baseURL: config.baseURL,
    fetch: runtime.fetch,
    timeoutMs: config.timeoutMs,
  };
  if (config.kind === "anthropic") return new AnthropicProvider(common);
  return new OpenAICompatibleProvider({ ...common, maxTokensField: config.maxTokensField });
}

/** Which providers are marked private, for the privacy routing rule. */
export function privateProviderMap(configs: readonly ProviderConfig[]): Record<string, boolean> {
  return Object.fromEntries(configs.map((config) => [config.id, config.private]));
}
