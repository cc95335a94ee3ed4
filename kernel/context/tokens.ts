/**
 * Token estimation. Exact counts need the model's tokenizer, which differs per provider and is
 * megabytes of tables we will not ship to every isolate; budgeting only needs a stable, slightly
 * pessimistic estimate. The provider's reported usage remains the truth for billing.
 */
export type TokenEstimator = (text: string) => number;

/**
 * About four characters per token, the rule of thumb OpenAI and Anthropic both publish for English
 * with BPE tokenizers; rounding up per piece makes the sum of pieces an upper bound of the whole.
 */
export const estimateTokensByCharacters: TokenEstimator = (text) => Math.ceil(text.length / 4);
