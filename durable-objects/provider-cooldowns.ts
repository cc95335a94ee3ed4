/**
 * Provider cooldowns as one ContextThread or AgentLoop sees them: its own, kept in its storage
 * between turns, merged with the tenant's shared ones in the Tenant Durable Object. A 429 with
 * Retry-After that one object sees is reported to the tenant, so every other object of the tenant
 * skips that provider until the cooldown ends instead of hitting it again. If the Tenant object
 * refuses or cannot be reached, the object's own view still applies: sharing is an improvement,
 * never a new way for a model call to fail.
 */
import { log } from "../kernel/log";
import {
  type CooldownChanges,
  type CooldownState,
  cooldownChanges,
  mergeCooldowns,
} from "../kernel/routing/cooldowns";
import type { SharedCooldowns } from "./tenant";

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
      const shared = await reach(deps, () => deps.shared.providerCooldowns(deps.tenantId));
      return shared ? mergeCooldowns(local, shared) : local;
    },
    async save(before, after) {
      deps.local.set(JSON.stringify(after));
      const changes = cooldownChanges(before, after);
      if (Object.keys(changes.failed).length === 0 && changes.recovered.length === 0) return;
      await reach(deps, () => deps.shared.reportProviderCooldowns(deps.tenantId, changes));
    },
  };
}
