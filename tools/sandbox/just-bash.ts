/**
 * The embedded sandbox: just-bash, a simulated bash with a virtual filesystem, in the isolate.
 * No process; network only to the origins the agent's network policy grants (its curl and
 * wget go through just-bash's own allow list, on top of the kernel's check). The workspace survives between commands (and Durable Object
 * evictions) through a `WorkspaceStore`: files are loaded before a command and the changes
 * written back after it.
 */
import { Bash, InMemoryFs, type NetworkConfig } from "just-bash/browser";
import type { SandboxNetwork } from "../../kernel/policy/sandbox-network";
import { limitedRun, type Sandbox, type SandboxLimits, type ShellRun, WORKSPACE } from "./types";

export interface WorkspaceStore {
  load(): Promise<Map<string, string>>;
  /** `null` content means the file was deleted. */
  save(changes: Map<string, string | null>): Promise<void>;
}

async function snapshot(fs: InMemoryFs): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const path of fs.getAllPaths()) {
    if (!path.startsWith(`${WORKSPACE}/`)) continue;
    const stat = await fs.stat(path);
    if (stat.isFile) files.set(path, await fs.readFile(path));
  }
  return files;
}

function diff(before: Map<string, string>, after: Map<string, string>): Map<string, string | null> {
  const changes = new Map<string, string | null>();
  for (const [path, content] of after) if (before.get(path) !== content) changes.set(path, content);
  for (const path of before.keys()) if (!after.has(path)) changes.set(path, null);
  return changes;
}

const httpMethods = new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]);

/**
 * just-bash's network options from the policy: its allow list of origins and path prefixes,
 * and one method list. Undefined (no network commands at all) when nothing is granted.
 */
export function justBashNetwork(network: SandboxNetwork | undefined): NetworkConfig | undefined {
  if (!network || network.urlPrefixes.length === 0) return undefined;
  const methods = network.methods.filter((method) => httpMethods.has(method)) as NonNullable<
    NetworkConfig["allowedMethods"]
  >;
  if (methods.length === 0) return undefined;
  return { allowedUrlPrefixes: [...network.urlPrefixes], allowedMethods: methods, maxRedirects: 0 };
}

export function createJustBashSandbox(store: WorkspaceStore, network?: SandboxNetwork): Sandbox {
  const networkConfig = justBashNetwork(network);
  return {
    kind: "just-bash",
    async run(command: string, limits: SandboxLimits): Promise<ShellRun> {
      const before = await store.load();
      const fs = new InMemoryFs();
      fs.mkdirSync(WORKSPACE, { recursive: true });
      for (const [path, content] of before) fs.writeFileSync(path, content);
      const bash = new Bash({
        fs,
        cwd: WORKSPACE,
        env: { HOME: WORKSPACE, USER: "agent" },
        ...(networkConfig ? { network: networkConfig } : {}),
      });

      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), limits.timeoutMs);
      let result: { stdout: string; stderr: string; exitCode: number };
      let timedOut = false;
      try {
        result = await bash.exec(command, { signal: abort.signal });
      } catch (error) {
        timedOut = abort.signal.aborted;
        result = {
          stdout: "",
          stderr: timedOut ? `timed out after ${limits.timeoutMs} ms` : String(error),
          exitCode: 124,
        };
      } finally {
        clearTimeout(timer);
      }
      if (abort.signal.aborted) timedOut = true;

      await store.save(diff(before, await snapshot(fs)));
      return limitedRun(result, limits, timedOut);
    },
  };
}
