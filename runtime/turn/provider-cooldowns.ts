/**
 * Provider cooldowns as one ContextThread or AgentLoop sees them: its own, kept in its storage
 * between turns, merged with the tenant's shared ones in the Tenant Durable Object. A 429 with
 * Retry-After that one object sees is reported to the tenant, so every other object of the tenant
 * skips that provider until the cooldown ends instead of hitting it again. If the Tenant object
 * refuses or cannot be reached, the object's own view still applies: sharing is an improvement,
 * never a new way for a model call to fail.
 */

import type { SharedCooldowns } from "../../durable-objects/tenant";
import { log } from "../../kernel/log";
import {
  type CooldownChanges,
  type CooldownState,
  cooldownChanges,
  mergeCooldowns,
} from "../../kernel/routing/cooldowns";

/** What TurnModelCalls needs: the state to start a call from, and where to put what it learned. */
export interface CooldownStore {
  load(): Promise<CooldownState>;
  save(before: CooldownState, after: CooldownState): Promise<void>;
}

/** The Tenant object's two cooldown methods (its RPC stub satisfies this). */
export interface SharedCooldownService {
  providerCooldowns(tenantId: string): Promise<SharedCooldowns>;
  reportProviderCooldowns(tenantId: string, changes: CooldownChanges): Promise<SharedCooldowns>;
}

export interface CooldownStoreDeps {
  tenantId: string;
  /** The object's own copy, e.g. a row of its settings table. */
  local: { get(): string | undefined; set(json: string): void };
  shared: SharedCooldownService;
  now?: () => number;
}

/**
 * How long an isolate reuses the tenant's shared cooldowns before asking the Tenant object again.
 * Without it every routed call of every thread is one more call to the one Tenant object; with
 * it a busy isolate asks at most once per tenant per window. A cooldown reported from this
 * isolate updates the copy at once; one reported elsewhere is seen here within the window
 * (at worst one more call meets the 429 that started it, and is cooled down itself).
 */
export const SHARED_COOLDOWNS_REUSE_MS = 2_000;
const sharedCopies = new Map<string, { state: CooldownState; until: number }>();

/** Tests only: forget every isolate-level copy. */
export function forgetSharedCooldownCopies(): void {
  sharedCopies.clear();
}

function remember(tenantId: string, state: CooldownState, now: number) {
  if (sharedCopies.size >= 1_000) sharedCopies.clear();
  sharedCopies.set(tenantId, { state, until: now + SHARED_COOLDOWNS_REUSE_MS });
}

function readLocal(deps: CooldownStoreDeps): CooldownState {
  try {
    return JSON.parse(deps.local.get() ?? "{}") as CooldownState;
  } catch {
    return {};
  }
}

async function reach(
  deps: CooldownStoreDeps,
  call: () => Promise<SharedCooldowns>,
): Promise<CooldownState | undefined> {
  try {
    const answer = await call();
    if ("refused" in answer) {
      log("warn", "cooldowns.shared_refused", { tenant: deps.tenantId, reason: answer.refused });
      return undefined;
    }
    return answer.cooldowns;
  } catch (error) {
    log("warn", "cooldowns.shared_unreachable", {
      tenant: deps.tenantId,
      error: error instanceof Error ? error.message : String(error),
    });
    return undefined;
  }
}

export function sharedCooldownStore(deps: CooldownStoreDeps): CooldownStore {
  return {
    async load() {
      const local = readLocal(deps);
      const now = (deps.now ?? Date.now)();
      const copy = sharedCopies.get(deps.tenantId);
      let shared = copy && copy.until > now ? copy.state : undefined;
      if (!shared) {
        shared = await reach(deps, () => deps.shared.providerCooldowns(deps.tenantId));
        if (shared) remember(deps.tenantId, shared, now);
      }
      return shared ? mergeCooldowns(local, shared) : local;
    },
    async save(before, after) {
      deps.local.set(JSON.stringify(after));
      const changes = cooldownChanges(before, after);
      if (Object.keys(changes.failed).length === 0 && changes.recovered.length === 0) return;
      const shared = await reach(deps, () => deps.shared.reportProviderCooldowns(deps.tenantId, changes));
      if (shared) remember(deps.tenantId, shared, (deps.now ?? Date.now)());
    },
  };
}
