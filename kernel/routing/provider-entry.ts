/**
 * One entry of a tenant's provider list, as stored in its routing settings: which SDK, where, and
 * the name of the Worker secret holding its key (never the key). A pure schema, so the kernel can
 * validate settings without loading a model SDK; providers/provider-config.ts builds providers
 * from it.
 */
import { z } from "zod";

export const providerConfigSchema = z.strictObject({
  /** Referenced by the tier table's routes and written to the cost ledger. */
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, "lowercase letters, digits and dashes"),
  kind: z.enum(["openai", "anthropic"]),
  baseURL: z.url().optional(),
  /** Name of the Worker secret that holds this provider's API key. */
  apiKeySecret: z.string().min(1),
  /** True when personal data may be sent to it (self-hosted, or covered by a DPA). */
  private: z.boolean(),
  timeoutMs: z.number().int().positive().optional(),
  maxTokensField: z.enum(["max_completion_tokens", "max_tokens"]).optional(),
});

export type ProviderConfig = z.infer<typeof providerConfigSchema>;

export const providerConfigListSchema = z
  .array(providerConfigSchema)
  .refine(
    (list) => new Set(list.map((entry) => entry.id)).size === list.length,
    "provider ids must be unique",
  );
