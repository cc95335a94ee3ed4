/**
 * Overlays: a tenant's or an agent's policy laid over the default. Rule lists are
 * concatenated, so a block rule from any layer still blocks (deny wins whatever the order),
 * and an overlay can grant more only by adding allow rules. Scalar settings (limits, cwd)
 * are taken from the last overlay that sets them; the schema leaves them unset (no parse-time
 * defaults) precisely so that this is possible.
 */
import type { Policy } from "./schema.js";

type Section = "shell" | "filesystem" | "network" | "channels" | "tools";

function concatLists<T extends Record<string, unknown>>(base: T, overlay: T): T {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    const existing = merged[key];
    merged[key] = Array.isArray(existing) && Array.isArray(value) ? [...existing, ...value] : existing;
  }
  return merged as T;
}

/**
 * Merges overlays into `base`; the result is a new policy (inputs are not changed).
 *
 * @example mergePolicies(defaultPolicy, tenantPolicy, agentPolicy)
 */
export function mergePolicies(base: Policy, ...overlays: Policy[]): Policy {
  let merged: Policy = structuredClone(base);
  for (const overlay of overlays) {
    const next: Policy = { ...merged };
    for (const section of [
      "shell",
      "filesystem",
      "network",
      "channels",
      "tools",
    ] as const satisfies Section[]) {
      (next as Record<Section, unknown>)[section] = concatLists(
        merged[section] as unknown as Record<string, unknown>,
        overlay[section] as unknown as Record<string, unknown>,
      );
    }
    const cwd = overlay.shell.cwd ?? merged.shell.cwd;
    const limits = { ...merged.shell.limits };
    for (const [key, value] of Object.entries(overlay.shell.limits)) {
      if (value !== undefined) limits[key as keyof typeof limits] = value;
    }
    next.shell = { ...next.shell, limits, ...(cwd === undefined ? {} : { cwd }) };
    next.limits = {
      rates: [...merged.limits.rates, ...overlay.limits.rates],
      shell: [...merged.limits.shell, ...overlay.limits.shell],
    };
    merged = next;
  }
  return merged;
}
