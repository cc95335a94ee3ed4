/**
 * The hosted sandbox: an E2B microVM per context thread, reconnected by id so a thread keeps
 * its files between turns. Used when an E2B key is configured. Long commands run as background
 * jobs (see e2b-jobs.ts) that the thread polls from its alarm.
 */
import { CommandExitError, Sandbox as E2BSandbox } from "e2b";
import { startE2BJob } from "./e2b-jobs";
import { limitedRun, type Sandbox, type ShellLimits, type ShellRun, WORKSPACE } from "./types";

export interface E2BSandboxOptions {
  apiKey: string;
  /** The sandbox this thread used last, if any. */
  sandboxId: string | undefined;
  /** Called when a new sandbox is created, so the thread can remember its id. */
  onCreated(sandboxId: string): Promise<void>;
  lifetimeMs?: number;
  metadata: Record<string, string>;
}

export const DEFAULT_SANDBOX_LIFETIME_MS = 10 * 60_000;

async function connectOrCreate(options: E2BSandboxOptions, lifetimeMs: number): Promise<E2BSandbox> {
  const common = { apiKey: options.apiKey, timeoutMs: lifetimeMs };
  if (options.sandboxId) {
    try {
      return await E2BSandbox.connect(options.sandboxId, common);
    } catch {
      // Expired or killed: start a fresh one below.
    }
  }
  const sandbox = await E2BSandbox.create({ ...common, metadata: options.metadata });
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
    async run(command: string, limits: ShellLimits): Promise<ShellRun> {
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
