/**
 * The tier → provider/model/price table, and the per-tenant override merge.
 *
 * Prices are integer micro-dollars per million tokens (1 USD = 1_000_000), so that every cost
 * computed from them is an integer and daily totals never drift.
 */
import { z } from "zod";
import type { ModelTier } from "./types";

export interface PricePerMillionTokens {
  /** Micro-dollars per million uncached input tokens. */
  input: number;
  /** Micro-dollars per million output tokens. */
  output: number;
  /** Micro-dollars per million input tokens served from the provider's prompt cache. */
  cachedInput: number;
}

/** One model a tier may use. The first route of a tier is preferred; the rest are equivalents. */
export interface ModelRoute {
  /** The provider id from the tenant's provider configuration ("openai", "anthropic", …). */
  provider: string;
  model: string;
  price: PricePerMillionTokens;
}

export interface TierEntry {
  label: string;
  routes: ModelRoute[];
  /** Output cap sent with every call of this tier; also the worst case for budget estimates. */
  maxOutputTokens: number;
}

export type TierTable = Record<ModelTier, TierEntry>;

const micros = z.number().int().nonnegative();
const priceSchema = z.strictObject({ input: micros, output: micros, cachedInput: micros });
const routeSchema = z.strictObject({
  provider: z.string().min(1),
  model: z.string().min(1),
  price: priceSchema,
});
const tierPatchSchema = z.strictObject({
  label: z.string().min(1).optional(),
  routes: z.array(routeSchema).min(1).optional(),
  maxOutputTokens: z.number().int().positive().optional(),
});

/**
 * A tenant's override: replace a tier's routes or output cap, and/or patch the price of a model
 * wherever it appears (a negotiated discount). Unknown keys are refused so a typo is not ignored.
 */
export const tierTableOverrideSchema = z.strictObject({
  tiers: z
    .strictObject({
      "1": tierPatchSchema.optional(),
      "2": tierPatchSchema.optional(),
      "3": tierPatchSchema.optional(),
      "4": tierPatchSchema.optional(),
    })
    .optional(),
  prices: z.record(z.string().min(1), priceSchema.partial()).optional(),
});

export type TierTableOverride = z.infer<typeof tierTableOverrideSchema>;

/**
 * Merges a tenant override over a base table without mutating either.
 *
 * @example
 * const table = mergeTierTable(DEFAULT_TIER_TABLE, { prices: { "gpt-5-mini": { input: 200_000 } } });
 */
export function mergeTierTable(base: TierTable, override: TierTableOverride | undefined): TierTable {
  const merged = {} as TierTable;
  for (const tier of [1, 2, 3, 4] as const) {
    const patch = override?.tiers?.[String(tier) as "1" | "2" | "3" | "4"];
    const entry = base[tier];
    const routes = (patch?.routes ?? entry.routes).map((route) => {
      const pricePatch = override?.prices?.[route.model];
      return { ...route, price: { ...route.price, ...pricePatch } };
    });
    merged[tier] = {
      label: patch?.label ?? entry.label,
      maxOutputTokens: patch?.maxOutputTokens ?? entry.maxOutputTokens,
      routes,
    };
  }
  return merged;
}

/** Parses an override from untrusted JSON (a tenant setting), naming the bad field on failure. */
export function parseTierTableOverride(input: unknown): TierTableOverride {
  const parsed = tierTableOverrideSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.join(".") || "(root)";
  throw new Error(`invalid tier table override at ${where}: ${issue?.message ?? "unknown problem"}`);
}

/** Converts a list price in US dollars per million tokens to integer micro-dollars. */
export function usdPerMillion(usd: number): number {
  return Math.round(usd * 1_000_000);
}
