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

/**
 * What one thread learned about providers during a call, to share with the tenant's other
 * threads: providers that failed (with their new cooldown) and providers that answered.
 */
export interface CooldownChanges {
  failed: CooldownState;
  recovered: string[];
}

/** The difference between the state a call started from and the state it ended with. */
export function cooldownChanges(before: CooldownState, after: CooldownState): CooldownChanges {
  const failed: CooldownState = {};
  for (const [provider, entry] of Object.entries(after)) {
    const previous = before[provider];
    if (
      !previous ||
      previous.untilMs !== entry.untilMs ||
      previous.consecutiveFailures !== entry.consecutiveFailures
    )
      failed[provider] = entry;
  }
  const recovered = Object.keys(before).filter((provider) => !(provider in after));
  return { failed, recovered };
}

/** Two views of the same providers: the later end of each cooldown wins. */
export function mergeCooldowns(a: CooldownState, b: CooldownState): CooldownState {
  const merged: CooldownState = { ...a };
  for (const [provider, entry] of Object.entries(b)) {
    const current = merged[provider];
    if (!current || entry.untilMs > current.untilMs) merged[provider] = entry;
  }
  return merged;
}

/**
 * Applies one thread's changes to the shared state. A failure extends a cooldown (never
 * shortens one another thread set); a provider that answered clears only a cooldown that has
 * already ended, so a success seen by one thread does not cancel a newer Retry-After from another.
 */
export function applyCooldownChanges(
  state: CooldownState,
  changes: CooldownChanges,
  now: number,
): CooldownState {
  const next = mergeCooldowns(state, changes.failed);
  for (const provider of changes.recovered) {
    const entry = next[provider];
    if (entry && entry.untilMs <= now) delete next[provider];
  }
  return next;
}
