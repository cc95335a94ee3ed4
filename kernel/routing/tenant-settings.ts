/**
 * A tenant's routing settings, stored as JSON and edited through the admin API: its tier table
 * override, its providers, its budgets and how personal data is handled. Strict: an unknown key
 * is refused, so a misspelt cap is an error rather than a cap silently not in force.
 */
import { z } from "zod";
import { providerConfigSchema } from "./provider-entry";
import { tierTableOverrideSchema } from "./tier-table";

const micros = z.number().int().nonnegative();
const capsSchema = z.strictObject({ dailyMicros: micros.optional(), monthlyMicros: micros.optional() });

export const tenantRoutingSettingsSchema = z.strictObject({
  /** Replaces routes or prices of the default tier table (docs/routing.md). */
  tierOverride: tierTableOverrideSchema.optional(),
  /**
   * Providers beyond the deployment's defaults (OpenAI/Anthropic from OPENAI_API_KEY /
   * ANTHROPIC_API_KEY); each names the Worker secret that holds its key.
   */
  providers: z.array(providerConfigSchema).optional(),
  budget: z
    .strictObject({
      tenant: capsSchema.default({}),
      agents: z.record(z.string(), capsSchema).default({}),
      softLimitFraction: z.number().gt(0).lte(1).optional(),
      degradeToTier: z
        .union([z.literal(0), z.literal(1), z.literal(2), z.literal(3), z.literal(4)])
        .optional(),
    })
    .default({ tenant: {}, agents: {} }),
  personalDataMode: z.enum(["private-only", "redact"]).default("private-only"),
  /** For reading "tomorrow at 9" in T0 reminders. */
  utcOffsetMinutes: z
    .number()
    .int()
    .min(-14 * 60)
    .max(14 * 60)
    .default(0),
});

export type TenantRoutingSettings = z.infer<typeof tenantRoutingSettingsSchema>;

export const DEFAULT_TENANT_ROUTING_SETTINGS: TenantRoutingSettings = tenantRoutingSettingsSchema.parse({});

/**
 * A tenant's settings from their stored JSON (undefined: none stored). Stored settings were
 * validated on write; re-validating guards against a schema change since.
 */
export function routingSettingsFrom(stored: unknown): TenantRoutingSettings {
  return stored === undefined || stored === null
    ? DEFAULT_TENANT_ROUTING_SETTINGS
    : tenantRoutingSettingsSchema.parse(stored);
}
