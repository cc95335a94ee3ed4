/**
 * Calls the first usable candidate of a tier, falling back to the next equivalent model when a
 * provider is rate-limited, failing or slow, and putting that provider in a cooldown that honours
 * its Retry-After.
 */
import type { CooldownTracker } from "../kernel/routing/cooldowns";
import { removeRecognisedSecrets } from "./secret-removal";
import { type CompletionRequest, type CompletionResult, type ModelProvider, ProviderError } from "./types";

export interface FallbackCandidate {
  provider: ModelProvider;
  model: string;
  /** Set by the privacy rule: this candidate may only see a redacted request. */
  redact?: boolean;
}

export interface FallbackAttempt {
  provider: string;
  model: string;
  outcome: "answered" | "cooling_down" | "failed" | "no_redactor";
  detail?: string;
}

export interface FallbackOptions {
  cooldowns: CooldownTracker;
  /** Produces the redacted request for candidates marked `redact` (the PII detector's job). */
  redact?: (request: CompletionRequest) => CompletionRequest;
  /**
   * Removes credentials from every request before any provider sees it; by default the secret
   * scanner's rules (secret-removal.ts). Pass `secretRemover(knownSecrets)` to add configured values.
   */
  removeSecrets?: (request: Omit<CompletionRequest, "model">) => Omit<CompletionRequest, "model">;
}

export interface FallbackOutcome {
  result: CompletionResult;
  /** Index into the candidates, so the caller can price the call with that route's prices. */
  candidateIndex: number;
  attempts: FallbackAttempt[];
}

/** Thrown when no candidate answered; carries every attempt for the audit entry. */
export class AllProvidersFailedError extends ProviderError {
  constructor(
    message: string,
    retryAfterSeconds: number | undefined,
    readonly attempts: FallbackAttempt[],
  ) {
    super(message, "fallback", undefined, retryAfterSeconds, true);
    this.name = "AllProvidersFailedError";
  }
}

/**
 * @example
 * const { result, candidateIndex } = await completeWithFallback(
 *   [{ provider: openai, model: "gpt-5-mini" }, { provider: anthropic, model: "claude-haiku-4-5" }],
 *   request, { cooldowns });
 */
export async function completeWithFallback(
  candidates: readonly FallbackCandidate[],
  request: Omit<CompletionRequest, "model">,
  options: FallbackOptions,
): Promise<FallbackOutcome> {
  const attempts: FallbackAttempt[] = [];
  // Once for all candidates: no provider, private or not, is sent a recognised credential.
  const withoutSecrets = (options.removeSecrets ?? removeRecognisedSecrets)(request);
  for (const [index, candidate] of candidates.entries()) {
    const { provider, model } = candidate;
    const remaining = options.cooldowns.remainingMs(provider.id);
    if (remaining > 0) {
      attempts.push({
        provider: provider.id,
        model,
        outcome: "cooling_down",
        detail: `${Math.ceil(remaining / 1_000)}s left`,
      });
      continue;
    }
    let prepared: CompletionRequest = { ...withoutSecrets, model };
    if (candidate.redact) {
      if (!options.redact) {
        // Never send personal data unredacted because a redactor was not wired in.
        attempts.push({ provider: provider.id, model, outcome: "no_redactor" });
        continue;
      }
      prepared = options.redact(prepared);
    }
    try {
      const result = await provider.complete(prepared);
      options.cooldowns.recordSuccess(provider.id);
      attempts.push({ provider: provider.id, model, outcome: "answered" });
      return { result, candidateIndex: index, attempts };
    } catch (error) {
      if (!(error instanceof ProviderError) || !error.retryable) throw error;
      const pauseMs = options.cooldowns.recordFailure(provider.id, error.retryAfterSeconds);
      attempts.push({
        provider: provider.id,
        model,
        outcome: "failed",
        detail: `${error.message} (cooling down ${pauseMs / 1_000}s)`,
      });
    }
  }
  const waits = candidates
    .map((candidate) => options.cooldowns.remainingMs(candidate.provider.id))
    .filter((ms) => ms > 0);
  const retryAfterSeconds = waits.length > 0 ? Math.ceil(Math.min(...waits) / 1_000) : undefined;
  const summary = attempts
    .map((attempt) => `${attempt.provider}/${attempt.model}: ${attempt.outcome}`)
    .join(", ");
  throw new AllProvidersFailedError(
    `no provider answered (${summary || "no candidates"})`,
    retryAfterSeconds,
    attempts,
  );
}
