/**
 * The hosted sandbox: an E2B microVM per context thread, reconnected by id so a thread keeps
 * its files between turns. Used when an E2B key is configured. Long commands run as background
 * jobs (see e2b-jobs.ts) that the thread polls from its alarm.
 */
import { ALL_TRAFFIC, CommandExitError, Sandbox as E2BSandbox, type SandboxNetworkOpts } from "e2b";
import type { SandboxNetwork } from "../../kernel/policy/sandbox-network";
import { startE2BJob } from "./e2b-jobs";
import { limitedRun, type Sandbox, type SandboxLimits, type ShellRun, WORKSPACE } from "./types";

export interface E2BSandboxOptions {
  apiKey: string;
  /** The sandbox this thread used last, if any. */
  sandboxId: string | undefined;
  /** Called when a new sandbox is created, so the thread can remember its id. */
  onCreated(sandboxId: string): Promise<void>;
  lifetimeMs?: number;
  metadata: Record<string, string>;
  /** What code in the sandbox may reach: the agent's network policy (kernel/policy/sandbox-network.ts). */
  network: SandboxNetwork;
}

/** Where "any DNS name" must still not lead: private, loopback, link-local and CGNAT ranges. */
const PRIVATE_RANGES = [
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "100.64.0.0/10",
];

export interface E2BNetworkOptions {
  allowInternetAccess?: boolean;
  network: Pick<SandboxNetworkOpts, "allowOut" | "denyOut">;
}

/**
 * The sandbox's egress as E2B's SDK takes it (docs/decisions/sandbox-egress-from-policy.md):
 * no hosts → internet off; hosts → everything denied but those (E2B lets allowOut entries win
 * over denyOut); `*` → the internet without private ranges.
 */
export function e2bNetworkOptions(network: SandboxNetwork): E2BNetworkOptions {
  if (network.anyHost) return { allowInternetAccess: true, network: { denyOut: PRIVATE_RANGES } };
  if (network.hosts.length === 0) return { allowInternetAccess: false, network: { denyOut: [ALL_TRAFFIC] } };
  return { network: { allowOut: [...network.hosts], denyOut: [ALL_TRAFFIC] } };
}

export const DEFAULT_SANDBOX_LIFETIME_MS = 10 * 60_000;

async function connectOrCreate(options: E2BSandboxOptions, lifetimeMs: number): Promise<E2BSandbox> {
  const common = { apiKey: options.apiKey, timeoutMs: lifetimeMs };
  const egress = e2bNetworkOptions(options.network);
  if (options.sandboxId) {
    try {
      const sandbox = await E2BSandbox.connect(options.sandboxId, common);
      // The policy may have changed since the sandbox was made (or it predates egress rules):
      // its rules are replaced with today's before any command runs in it.
      await sandbox.updateNetwork({ ...egress.network, allowInternetAccess: egress.allowInternetAccess });
      return sandbox;
    } catch {
      // Expired, killed, or its network could not be set: start a fresh one below.
    }
  }
  const sandbox = await E2BSandbox.create({
    ...common,
    metadata: options.metadata,
    ...(egress.allowInternetAccess === undefined ? {} : { allowInternetAccess: egress.allowInternetAccess }),
    network: egress.network,
  });
  await sandbox.commands.run(`mkdir -p ${WORKSPACE}`);
  await options.onCreated(sandbox.sandboxId);
  return sandbox;
}

export function createE2BSandbox(initial: E2BSandboxOptions): Sandbox {
  const lifetimeMs = initial.lifetimeMs ?? DEFAULT_SANDBOX_LIFETIME_MS;
  // A sandbox created by one call of a turn is the one the next call reconnects to.
  const options: E2BSandboxOptions = {
    ...initial,
    onCreated: async (sandboxId) => {
      options.sandboxId = sandboxId;
      await initial.onCreated(sandboxId);
    },
  };
  return {
    kind: "e2b",
    async run(command: string, limits: SandboxLimits): Promise<ShellRun> {
      const sandbox = await connectOrCreate(options, lifetimeMs);
      let result: { exitCode: number; stdout: string; stderr: string };
      let timedOut = false;
      try {
        result = await sandbox.commands.run(command, { cwd: WORKSPACE, timeoutMs: limits.timeoutMs });
      } catch (error) {
        if (error instanceof CommandExitError) {
          result = { exitCode: error.exitCode, stdout: error.stdout, stderr: error.stderr };
        } else {
          timedOut = /timeout|deadline/i.test(String(error));
          result = { exitCode: 124, stdout: "", stderr: String(error) };
        }
      }
      return limitedRun(result, limits, timedOut);
    },
    async startBackground(jobId, command, jobLifetimeMs) {
      // The sandbox must outlive the job: its timeout is pushed past the job's deadline.
      const sandbox = await connectOrCreate(options, Math.max(lifetimeMs, jobLifetimeMs + JOB_GRACE_MS));
      const pid = await startE2BJob(sandbox, jobId, command, jobLifetimeMs + JOB_GRACE_MS);
      return { sandboxId: sandbox.sandboxId, pid };
    },
  };
}

/** How long past a job's deadline its sandbox and envd's own timeout still hold it. */
export const JOB_GRACE_MS = 2 * 60_000;
