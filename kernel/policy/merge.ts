/**
 * Overlays: a tenant's or an agent's policy laid over the default. Rule lists are
 * concatenated, so a block rule from any layer still blocks (deny wins whatever the order),
 * and an overlay can grant more only by adding allow rules. Scalar settings (limits, cwd)
 * are taken from the last overlay that sets them; the schema leaves them unset (no parse-time
 * defaults) precisely so that this is possible.
 */
import type { Policy } from "./schema";

type Section = "shell" | "filesystem" | "network" | "channels" | "tools";

function concatLists<T extends Record<string, unknown>>(base: T, overlay: T): T {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    const existing = merged[key];
    merged[key] = Array.isArray(existing) && Array.isArray(value) ? [...existing, ...value] : existing;
  }
  return merged as T;
}

/** Merged pairs by the identity of their inputs (policies are immutable values once parsed). */
const mergedPairs = new WeakMap<Policy, WeakMap<Policy, Policy>>();

function mergePair(base: Policy, overlay: Policy): Policy {
  const next: Policy = { ...base };
  for (const section of [
    "shell",
    "filesystem",
    "network",
    "channels",
    "tools",
  ] as const satisfies Section[]) {
    (next as Record<Section, unknown>)[section] = concatLists(
      base[section] as unknown as Record<string, unknown>,
      overlay[section] as unknown as Record<string, unknown>,
    );
  }
  const cwd = overlay.shell.cwd ?? base.shell.cwd;
  const limits = { ...base.shell.limits };
  for (const [key, value] of Object.entries(overlay.shell.limits)) {
    if (value !== undefined) limits[key as keyof typeof limits] = value;
  }
  next.shell = { ...next.shell, limits, ...(cwd === undefined ? {} : { cwd }) };
  next.limits = {
    rates: [...base.limits.rates, ...overlay.limits.rates],
    shell: [...base.limits.shell, ...overlay.limits.shell],
  };
  return next;
}

/**
 * Lays overlays over `base`, in order. Inputs are never changed. Policies are treated as
 * immutable values: merging the same parsed layers again returns the same object, so a Worker
 * that merges default + tenant + agent on every turn also reuses the compiled form `decide`
 * builds for it (compiling is the costly part, merging itself is cheap).
 *
 * @example mergePolicies(defaultPolicy, tenantPolicy, agentPolicy)
 */
export function mergePolicies(base: Policy, ...overlays: Policy[]): Policy {
  let merged = base;
  for (const overlay of overlays) {
    let byOverlay = mergedPairs.get(merged);
    if (!byOverlay) {
      byOverlay = new WeakMap();
      mergedPairs.set(merged, byOverlay);
    }
    let next = byOverlay.get(overlay);
    if (!next) {
      next = mergePair(merged, overlay);
      byOverlay.set(overlay, next);
    }
    merged = next;
  }
  return merged;
}
