/**
 * Per-provider cooldowns after rate limits, server errors and timeouts. A provider that said
 * "Retry-After: 30" is not asked again for 30 seconds; without such a hint the pause doubles with
 * each consecutive failure. The clock is injected, and the state is a plain value that a Durable
 * Object can store and restore.
 */

export interface CooldownPolicy {
  /** Pause after the first failure without a Retry-After hint. */
  baseMs: number;
  /** No pause is longer than this, whatever a provider asks. */
  maxMs: number;
}

export const DEFAULT_COOLDOWN_POLICY: CooldownPolicy = { baseMs: 5_000, maxMs: 300_000 };

export interface ProviderCooldown {
  untilMs: number;
  consecutiveFailures: number;
}

export type CooldownState = Record<string, ProviderCooldown>;

export interface CooldownClock {
  now(): number;
}

export class CooldownTracker {
  private state: CooldownState;

  constructor(
    private readonly clock: CooldownClock,
    private readonly policy: CooldownPolicy = DEFAULT_COOLDOWN_POLICY,
    initial: CooldownState = {},
  ) {
    this.state = { ...initial };
  }

  /** Milliseconds until the provider may be called again; 0 when it may be called now. */
  remainingMs(providerId: string): number {
    const entry = this.state[providerId];
    return entry ? Math.max(0, entry.untilMs - this.clock.now()) : 0;
  }

  isCoolingDown(providerId: string): boolean {
    return this.remainingMs(providerId) > 0;
  }

  /** Records a retryable failure; a Retry-After hint wins over the exponential default. */
  recordFailure(providerId: string, retryAfterSeconds?: number): number {
    const failures = (this.state[providerId]?.consecutiveFailures ?? 0) + 1;
    const hinted =
      retryAfterSeconds !== undefined && retryAfterSeconds >= 0 ? retryAfterSeconds * 1_000 : undefined;
    const backoff = this.policy.baseMs * 2 ** (failures - 1);
    const pauseMs = Math.min(this.policy.maxMs, hinted ?? backoff);
    this.state[providerId] = { untilMs: this.clock.now() + pauseMs, consecutiveFailures: failures };
    return pauseMs;
  }

  recordSuccess(providerId: string): void {
    delete this.state[providerId];
  }

  /** A copy of the state, for storage. */
  snapshot(): CooldownState {
    return structuredClone(this.state);
  }
}
