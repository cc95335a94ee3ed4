/**
 * Background commands in E2B. envd forgets a process the moment it exits — its output went to
 * whoever was connected — and a Durable Object cannot stay connected for a long build. So a job
 * runs inside a fixed wrapper that writes the command's stdout, stderr and exit status to files;
 * the thread's alarm later reconnects to the sandbox and reads them (cut to the output limit).
 *
 * The agent's command reaches the wrapper in an environment variable, never spliced into the
 * script: the wrapper is constant text, and the command is exactly what the policy checked.
 */
import { Sandbox as E2BSandbox, SandboxNotFoundError } from "e2b";
import { limitedRun, type SandboxLimits, type ShellRun, WORKSPACE } from "./types";

export const JOB_DIRECTORY = "/tmp/cairn-jobs";
const COMMAND_VARIABLE = "CAIRN_JOB_COMMAND";
/** Also in the wrapper's environment, where envd's process list shows it: found without a pid. */
const JOB_VARIABLE = "CAIRN_JOB_ID";
const JOB_ID = /^[a-z0-9_]+$/;

function jobPath(jobId: string, suffix: "out" | "err" | "exit"): string {
  if (!JOB_ID.test(jobId)) throw new Error(`invalid job id ${JSON.stringify(jobId)}`);
  return `${JOB_DIRECTORY}/${jobId}.${suffix}`;
}

/** The wrapper script: constant but for the job id, which is [a-z0-9_] only. */
export function jobScript(jobId: string): string {
  return (
    `mkdir -p ${JOB_DIRECTORY} && bash -c "$${COMMAND_VARIABLE}" > ${jobPath(jobId, "out")} 2> ${jobPath(jobId, "err")}; ` +
    `echo $? > ${jobPath(jobId, "exit")}`
  );
}

/** Starts the job and lets go of its stream; returns envd's pid for it. */
export async function startE2BJob(
  sandbox: E2BSandbox,
  jobId: string,
  command: string,
  timeoutMs: number,
): Promise<number> {
  const handle = await sandbox.commands.run(jobScript(jobId), {
    background: true,
    cwd: WORKSPACE,
    envs: { [COMMAND_VARIABLE]: command, [JOB_VARIABLE]: jobId },
    // envd's own deadline, a second wall behind the thread's (which kills it first).
    timeoutMs,
  });
  await handle.disconnect();
  return handle.pid;
}

export type JobPoll =
  | { state: "running" }
  | { state: "finished"; run: ShellRun }
  /** The sandbox or the process is gone without an exit status. */
  | { state: "lost"; reason: string };

export interface JobConnection {
  apiKey: string;
  sandboxId: string;
  /** The sandbox's timeout from now: pushed out on every poll while the job is due to run. */
  keepAliveMs: number;
}

async function connect(connection: JobConnection): Promise<E2BSandbox | { lost: string }> {
  try {
    return await E2BSandbox.connect(connection.sandboxId, {
      apiKey: connection.apiKey,
      timeoutMs: connection.keepAliveMs,
    });
  } catch (error) {
    // Anything else (a network failure, a 5xx) is not an answer: the caller polls again later.
    if (error instanceof SandboxNotFoundError) return { lost: `sandbox ${connection.sandboxId} is gone` };
    throw error;
  }
}

/** A short command whose output we need; these never fail on their own (they end with `true`). */
async function read(sandbox: E2BSandbox, script: string): Promise<string> {
  return (await sandbox.commands.run(script, { timeoutMs: 30_000 })).stdout;
}

async function exitStatus(sandbox: E2BSandbox, jobId: string): Promise<number | undefined> {
  const text = await read(sandbox, `cat ${jobPath(jobId, "exit")} 2>/dev/null; true`);
  const code = Number.parseInt(text.trim(), 10);
  return Number.isNaN(code) ? undefined : code;
}

/**
 * One look at a job: still running, finished (output cut to the limits), or lost. Reading the
 * result leaves the files in place; `cleanUpE2BJob` removes them once the result is recorded.
 */
export interface JobRef {
  id: string;
  /** Unknown when the start was cut off before its pid was recorded. */
  pid: number | null;
}

async function runningPid(sandbox: E2BSandbox, job: JobRef): Promise<number | undefined> {
  const processes = await sandbox.commands.list();
  return processes.find((process) => process.pid === job.pid || process.envs[JOB_VARIABLE] === job.id)?.pid;
}

export async function pollE2BJob(
  connection: JobConnection,
  job: JobRef,
  limits: SandboxLimits,
): Promise<JobPoll> {
  const sandbox = await connect(connection);
  if ("lost" in sandbox) return { state: "lost", reason: sandbox.lost };
  let exitCode = await exitStatus(sandbox, job.id);
  if (exitCode === undefined) {
    if ((await runningPid(sandbox, job)) !== undefined) return { state: "running" };
    // It may have finished between the two looks.
    exitCode = await exitStatus(sandbox, job.id);
    if (exitCode === undefined)
      return { state: "lost", reason: "the process ended without an exit status (killed from outside)" };
  }
  // One byte more than the limit is enough for the cut to be seen and marked.
  const bytes = limits.maxOutputBytes + 1;
  const stdout = await read(sandbox, `head -c ${bytes} ${jobPath(job.id, "out")} 2>/dev/null; true`);
  const stderr = await read(sandbox, `head -c ${bytes} ${jobPath(job.id, "err")} 2>/dev/null; true`);
  return { state: "finished", run: limitedRun({ exitCode, stdout, stderr }, limits, false) };
}

/**
 * Kills a job past its deadline; false when it was not running. envd signals only the wrapper's
 * pid, so its process group and children go first (best effort: a command that detached itself
 * with setsid outlives this, but not the sandbox, whose timeout stops being pushed out).
 */
export async function killE2BJob(connection: JobConnection, job: JobRef): Promise<boolean> {
  const sandbox = await connect(connection);
  if ("lost" in sandbox) return false;
  const pid = await runningPid(sandbox, job);
  if (pid === undefined) return false;
  await read(sandbox, `kill -KILL -- -${pid} 2>/dev/null; pkill -KILL -P ${pid} 2>/dev/null; true`);
  return sandbox.commands.kill(pid);
}

export async function cleanUpE2BJob(connection: JobConnection, jobId: string): Promise<void> {
  const sandbox = await connect(connection);
  if ("lost" in sandbox) return;
  await read(
    sandbox,
    `rm -f ${jobPath(jobId, "out")} ${jobPath(jobId, "err")} ${jobPath(jobId, "exit")}; true`,
  );
}
