/**
 * The policy a turn is checked against: policies/default.yaml (bundled as text, parsed once
 * per isolate), with the tenant's overlay and then the agent's overlay from D1 laid over it.
 * Overlays add rules; a block in any layer keeps blocking (see docs/policy.md). Parsed
 * overlays are cached by version, so a turn costs one D1 read, not a YAML parse.
 */
import type { Database } from "../../db/client";
import { agentScope, latestPolicyVersions, TENANT_SCOPE } from "../../db/queries/policies";
import { mergePolicies, parsePolicy } from "../../kernel/policy";
import type { Policy } from "../../kernel/policy/schema";
import defaultPolicyText from "../../policies/default.yaml";

export interface LoadedPolicy {
  policy: Policy;
  /** Where the rules came from, for audit entries: "policies/default.yaml + tenant v3 + agent:finance v1". */
  source: string;
}

let defaultPolicy: LoadedPolicy | undefined;
const overlayCache = new Map<string, Policy>();
const MAX_CACHED_OVERLAYS = 500;

export function loadDefaultPolicy(): LoadedPolicy {
  defaultPolicy ??= {
    policy: parsePolicy(defaultPolicyText, "policies/default.yaml"),
    source: "policies/default.yaml",
  };
  return defaultPolicy;
}

function parsedOverlay(key: string, text: string, fileName: string): Policy {
  let policy = overlayCache.get(key);
  if (!policy) {
    policy = parsePolicy(text, fileName);
    if (overlayCache.size >= MAX_CACHED_OVERLAYS) overlayCache.clear();
    overlayCache.set(key, policy);
  }
  return policy;
}

export async function loadEffectivePolicy(
  db: Database,
  tenantId: string,
  agentId: string,
): Promise<LoadedPolicy> {
  const base = loadDefaultPolicy();
  const rows = await latestPolicyVersions(db, tenantId, [TENANT_SCOPE, agentScope(agentId)]);
  // Tenant first, then agent: the order only matters for scalar settings such as limits.
  rows.sort((a, b) => (a.scope === TENANT_SCOPE ? -1 : b.scope === TENANT_SCOPE ? 1 : 0));
  if (rows.length === 0) return base;
  const overlays = rows.map((row) =>
    parsedOverlay(`${tenantId}|${row.scope}|${row.version}`, row.text, `${row.scope} v${row.version}`),
  );
  return {
    policy: mergePolicies(base.policy, ...overlays),
    source: [base.source, ...rows.map((row) => `${row.scope} v${row.version}`)].join(" + "),
  };
}
