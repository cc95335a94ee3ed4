/**
 * The default tier table. Prices are the providers' published list prices per million tokens
 * (input / output / cached input) as last verified for these model families (newer model
 * versions are assumed to keep their predecessor's price — verify before relying); a tenant
 * with other prices or other models overrides them with `mergeTierTable`, and nothing else in
 * the code assumes these numbers. See docs/routing.md.
 */
import { type TierTable, usdPerMillion } from "./tier-table";

const price = (input: number, output: number, cachedInput: number) => ({
  input: usdPerMillion(input),
  output: usdPerMillion(output),
  cachedInput: usdPerMillion(cachedInput),
});

export const DEFAULT_TIER_TABLE: TierTable = {
  1: {
    label: "nano",
    maxOutputTokens: 1_024,
    routes: [
      { provider: "openai", model: "gpt-5-nano", price: price(0.05, 0.4, 0.005) },
      // The equivalent on the other provider costs more; it is only used while OpenAI cools down.
      { provider: "anthropic", model: "claude-haiku-4-5", price: price(1, 5, 0.1) },
    ],
  },
  2: {
    label: "small",
    maxOutputTokens: 2_048,
    routes: [
      { provider: "openai", model: "gpt-5-mini", price: price(0.25, 2, 0.025) },
      { provider: "anthropic", model: "claude-haiku-4-5", price: price(1, 5, 0.1) },
    ],
  },
  3: {
    label: "capable",
    maxOutputTokens: 4_096,
    routes: [
      // Sonnet 4.5 reaches end of life on 2026-11-30 (per the SDK); 4.6 assumed at 4.5's price.
      { provider: "anthropic", model: "claude-sonnet-4-6", price: price(3, 15, 0.3) },
      { provider: "openai", model: "gpt-5", price: price(1.25, 10, 0.125) },
    ],
  },
  4: {
    label: "frontier",
    maxOutputTokens: 8_192,
    routes: [
      // Opus 4.5 is deprecated (end of life 2027-01-22); 4.6 assumed at 4.5's price.
      { provider: "anthropic", model: "claude-opus-4-6", price: price(5, 25, 0.5) },
      { provider: "openai", model: "gpt-5.1", price: price(1.25, 10, 0.125) },
    ],
  },
};
