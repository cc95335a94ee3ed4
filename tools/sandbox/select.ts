/** just-bash in the isolate unless the deployment has an E2B key. */
import { createE2BSandbox } from "./e2b";
import { createJustBashSandbox, type WorkspaceStore } from "./just-bash";
import type { Sandbox } from "./types";

export interface SandboxSelection {
  store: WorkspaceStore;
  sandboxId: string | undefined;
  onCreated(sandboxId: string): Promise<void>;
  metadata: Record<string, string>;
}

export function selectSandbox(
  env: { E2B_API_KEY?: string | undefined },
  selection: SandboxSelection,
): Sandbox {
  if (env.E2B_API_KEY) {
    return createE2BSandbox({
      apiKey: env.E2B_API_KEY,
      sandboxId: selection.sandboxId,
      onCreated: selection.onCreated,
      metadata: selection.metadata,
    });
  }
  return createJustBashSandbox(selection.store);
}
