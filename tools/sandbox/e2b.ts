/**
 * The hosted sandbox: an E2B microVM per context thread, reconnected by id so a thread keeps
 * its files between turns. Used when E2B_API_KEY is set.
 */
import { CommandExitError, Sandbox as E2BSandbox } from "e2b";
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

async function connectOrCreate(options: E2BSandboxOptions): Promise<E2BSandbox> {
  const common = { apiKey: options.apiKey, timeoutMs: options.lifetimeMs ?? 10 * 60_000 };
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

export function createE2BSandbox(options: E2BSandboxOptions): Sandbox {
  return {
    kind: "e2b",
    async run(command: string, limits: ShellLimits): Promise<ShellRun> {
      const sandbox = await connectOrCreate(options);
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
  };
}
