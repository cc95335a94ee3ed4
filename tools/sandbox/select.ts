/** just-bash in the isolate unless the deployment (or the tenant) has an E2B key. */

import type { SandboxNetwork } from "../../kernel/policy/sandbox-network";
import { readTenantSecret } from "../../providers/tenant-secrets";
import { createE2BSandbox } from "./e2b";
import { createJustBashSandbox, type WorkspaceStore } from "./just-bash";
import type { Sandbox } from "./types";

/** The E2B control plane; the SDK also reaches each sandbox at <port>-<id>.e2b.app. */
export const E2B_API_URL = "https://api.e2b.app/sandboxes";

/**
 * The E2B key for a tenant: its own secret `CAIRN_TENANT_<TENANT>__E2B_API_KEY` (its own E2B
 * account and bill), else the deployment's `E2B_API_KEY`, else none (just-bash).
 */
export function e2bApiKeyFor(env: object, tenantId: string): string | undefined {
  const own = readTenantSecret(env, tenantId, "E2B_API_KEY");
  if (own) return own;
  const shared = (env as Record<string, unknown>).E2B_API_KEY;
  return typeof shared === "string" && shared ? shared : undefined;
}

export interface SandboxSelection {
  store: WorkspaceStore;
  /**
   * The network policy's verdict on reaching a URL. E2B is outbound traffic like any other, so a
   * policy that does not allow e2b.app keeps commands off E2B (they fail, they do not fall back).
   */
  egress(url: string): { allowed: boolean; rule: string; reason: string };
  sandboxId: string | undefined;
  onCreated(sandboxId: string): Promise<void>;
  metadata: Record<string, string>;
  /** What code in the sandbox may reach, from the same network policy (sandboxNetworkFor). */
  network: SandboxNetwork;
}

export function selectSandbox(
  env: { E2B_API_KEY?: string | undefined },
  selection: SandboxSelection,
): Sandbox {
  if (env.E2B_API_KEY) {
    const verdict = selection.egress(E2B_API_URL);
    if (!verdict.allowed)
      return refusedSandbox(
        `E2B is not reachable under the network policy: ${verdict.rule}: ${verdict.reason}`,
      );
    return createE2BSandbox({
      apiKey: env.E2B_API_KEY,
      sandboxId: selection.sandboxId,
      onCreated: selection.onCreated,
      metadata: selection.metadata,
      network: selection.network,
    });
  }
  return createJustBashSandbox(selection.store, selection.network);
}

function refusedSandbox(reason: string): Sandbox {
  return {
    kind: "e2b",
    run: async () => ({ exitCode: 126, stdout: "", stderr: reason, truncated: false, timedOut: false }),
  };
}
