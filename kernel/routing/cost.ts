/**
 * Cost arithmetic in integer micro-dollars.
 *
 * Usage convention (as normalised by the providers): `inputTokens` counts every input token,
 * including the `cachedInputTokens` subset that the provider served from its prompt cache and
 * bills at the cached price.
 */
import type { PricePerMillionTokens } from "./tier-table";

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
}

const PER_MILLION = 1_000_000;

/** Rounds up so that many small calls can never add up to less than was really spent. */
function tokensCostMicros(tokens: number, microsPerMillion: number): number {
  if (tokens <= 0 || microsPerMillion <= 0) return 0;
  return Math.ceil((tokens * microsPerMillion) / PER_MILLION);
}

/** The real cost of a call from the usage the provider returned. */
export function costOfUsageMicros(price: PricePerMillionTokens, usage: TokenUsage): number {
  const cached = Math.min(Math.max(usage.cachedInputTokens, 0), Math.max(usage.inputTokens, 0));
  const uncached = Math.max(usage.inputTokens, 0) - cached;
  return (
    tokensCostMicros(uncached, price.input) +
    tokensCostMicros(cached, price.cachedInput) +
    tokensCostMicros(usage.outputTokens, price.output)
  );
}

/**
 * The worst-case cost of a call before it is made: all input uncached, and the full output cap.
 * Used to refuse a call that could cross a hard budget cap.
 */
export function estimateCallCostMicros(
  price: PricePerMillionTokens,
  inputTokens: number,
  maxOutputTokens: number,
): number {
  return costOfUsageMicros(price, { inputTokens, outputTokens: maxOutputTokens, cachedInputTokens: 0 });
}

/**
 * A rough token count for text that has not been tokenised yet (about four characters per token
 * for English prose; rounded up). Only for estimates, never for the ledger.
 */
export function approximateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Formats micro-dollars as dollars for humans ("$0.0123"). */
export function formatMicros(micros: number): string {
  return `$${(micros / PER_MILLION).toFixed(micros < 10_000 ? 6 : 4)}`;
}
