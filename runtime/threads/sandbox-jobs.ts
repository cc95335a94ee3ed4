/**
 * Background shell jobs of a thread. A long command is started in the thread's E2B sandbox and
 * recorded here; a timer on the thread's one alarm (schedules.ts, kind `sandbox-job.poll`)
 * polls it with a growing interval, never past its deadline. When it ends — finished, killed at
 * its deadline, or lost with its sandbox — the result is posted to the conversation, added to
 * the thread's messages (so the next turn's model sees it) and audited.
 *
 * Every step is safe to repeat (alarms are delivered at least once): the outcome is stored
 * before it is reported, and the report's message, thread entry and audit entry are keyed by
 * the job.
 */

import type {
  JobStatus,
  SandboxJob,
  SandboxJobStore,
} from "../../durable-objects/context-thread/sandbox-job-store";
import type { Schedules } from "../../durable-objects/schedules";
import { sha256Hex } from "../../kernel/digest";
import { log } from "../../kernel/log";
import { DEFAULT_SANDBOX_LIFETIME_MS, JOB_GRACE_MS } from "../../tools/sandbox/e2b";
import {
  cleanUpE2BJob,
  type JobConnection,
  type JobPoll,
  killE2BJob,
  pollE2BJob,
} from "../../tools/sandbox/e2b-jobs";
import type { Sandbox, SandboxLimits, ShellRun } from "../../tools/sandbox/types";
import type { BackgroundJobStart } from "../../tools/types";

export const SANDBOX_JOB_TIMER = "sandbox-job.poll";
/** The first look comes soon; then the interval doubles up to the cap. */
export const FIRST_POLL_MS = 5_000;
export const MAX_POLL_MS = 60_000;
/** No job outlives this, whatever the policy's timeout (E2B sandboxes live at most hours). */
export const MAX_JOB_LIFETIME_MS = 60 * 60_000;

/** What the jobs need from their thread, handed in by the ThreadHost. */
export interface SandboxJobHost {
  jobs: SandboxJobStore;
  timers: Schedules;
  now(): number;
  /** The tenant's E2B key, if it still has one. */
  apiKey: string | undefined;
  /** The sandbox the thread uses now: a job started before its id was recorded ran there. */
  currentSandboxId: string | undefined;
  /** The agent's network policy on reaching E2B, as of now (an overlay may have changed it). */
  egress(agentId: string): Promise<{ allowed: boolean; rule: string; reason: string }>;
  /** Posts to the conversation through the outbox; the key makes a repeat a no-op. */
  post(text: string, key: string): Promise<void>;
  /** Adds the result to the thread's messages (keyed, so once), for the next turn's model. */
  feedBack(key: string, agentId: string, text: string): void;
  audit(entry: {
    id: string;
    agentId: string;
    action: string;
    detail: Record<string, unknown>;
  }): Promise<void>;
}

const timerKey = (jobId: string) => `sandbox-job:${jobId}`;

/**
 * Starts `command` in the background in the thread's sandbox. The job is keyed by the tool
 * call, so a retried turn finds the job it started instead of starting a second.
 */
export async function startSandboxJob(
  host: SandboxJobHost,
  sandbox: Sandbox,
  input: { agentId: string; command: string; limits: SandboxLimits; callKey: string },
): Promise<BackgroundJobStart> {
  if (!sandbox.startBackground) return { refused: "this sandbox cannot run commands in the background" };
  const id = `job_${(await sha256Hex(`${input.callKey}\n${input.command}`)).slice(0, 20)}`;
  const earlier = host.jobs.get(id);
  if (earlier) return { jobId: id, pid: earlier.pid, deadlineAt: earlier.deadlineAt, repeated: true };
  const now = host.now();
  const timeoutMs = Math.min(input.limits.timeoutMs, MAX_JOB_LIFETIME_MS);
  const job = {
    id,
    agentId: input.agentId,
    command: input.command,
    startedAt: now,
    deadlineAt: now + timeoutMs,
    timeoutMs,
    maxOutputBytes: input.limits.maxOutputBytes,
  };
  // Recorded (with its first poll) before it starts: a crash in between leaves a job the poll
  // finds by its id in the sandbox, or reports as killed — never one nobody watches.
  host.jobs.insert(job, FIRST_POLL_MS);
  await host.timers.put(timerKey(id), SANDBOX_JOB_TIMER, now + FIRST_POLL_MS, { jobId: id });
  let started: { sandboxId: string; pid: number };
  try {
    started = await sandbox.startBackground(id, input.command, timeoutMs);
  } catch (error) {
    const reason = `could not start in E2B: ${error instanceof Error ? error.message : String(error)}`;
    // Nothing runs: forget the job, so a retry of the same call may try again.
    host.jobs.remove(id);
    await host.timers.cancel(timerKey(id));
    await host.audit({
      id: `aud_${id}_refused`,
      agentId: input.agentId,
      action: "sandbox.job_failed",
      detail: { job: id, command: input.command, reason },
    });
    return { refused: reason };
  }
  host.jobs.started(id, started.sandboxId, started.pid);
  await host.audit({
    id: `aud_${id}_started`,
    agentId: input.agentId,
    action: "sandbox.job_started",
    detail: { job: id, command: input.command, sandbox: started.sandboxId, pid: started.pid, timeoutMs },
  });
  return { jobId: id, pid: started.pid, deadlineAt: job.deadlineAt, repeated: false };
}

/** The alarm's handler for one job: look, then either poll again later or report the end. */
export async function pollSandboxJob(host: SandboxJobHost, jobId: string): Promise<void> {
  const job = host.jobs.get(jobId);
  if (!job) return;
  if (job.status === "running") {
    const outcome = await lookAt(host, job);
    if (outcome.state === "running") {
      const pollMs = Math.min(job.pollMs * 2, MAX_POLL_MS);
      host.jobs.polledStillRunning(job.id, pollMs);
      // Never later than the deadline; past it (a kill that got no answer), every first interval.
      const now = host.now();
      const next = now < job.deadlineAt ? Math.min(now + job.pollMs, job.deadlineAt) : now + FIRST_POLL_MS;
      await host.timers.put(timerKey(job.id), SANDBOX_JOB_TIMER, next, { jobId: job.id });
      return;
    }
    host.jobs.ended(job.id, outcome.status, outcome.exitCode, outcome.report, host.now());
  }
  await report(host, jobId);
}

/**
 * A job whose polls are out of attempts (durable-objects/schedules.ts): reported as killed with
 * the reason, once, rather than left running with no one looking. The sandbox's own lifetime
 * ends the process if it is still there.
 */
export async function abandonSandboxJob(host: SandboxJobHost, jobId: string, reason: string): Promise<void> {
  const job = host.jobs.get(jobId);
  if (!job) return;
  if (job.status === "running")
    host.jobs.ended(
      job.id,
      "killed",
      null,
      `Background job ${job.id} (\`${job.command}\`) could no longer be followed and was given up: ${reason}.`,
      host.now(),
    );
  await report(host, jobId);
}

type Outcome =
  | { state: "running" }
  | { state: "ended"; status: Exclude<JobStatus, "running">; exitCode: number | null; report: string };

async function lookAt(host: SandboxJobHost, job: SandboxJob): Promise<Outcome> {
  const name = `Background job ${job.id} (\`${job.command}\`)`;
  const lost = (reason: string): Outcome => ({
    state: "ended",
    status: "killed",
    exitCode: null,
    report: `${name} was killed before it finished: ${reason}.`,
  });
  const sandboxId = job.sandboxId ?? host.currentSandboxId;
  if (!host.apiKey || !sandboxId) return lost("E2B is no longer configured for this tenant");
  const now = host.now();
  let egress: Awaited<ReturnType<SandboxJobHost["egress"]>>;
  try {
    egress = await host.egress(job.agentId);
  } catch (error) {
    return unanswered(job, now, error, lost);
  }
  if (!egress.allowed)
    return lost(`E2B is no longer reachable under the network policy: ${egress.rule}: ${egress.reason}`);
  const connection: JobConnection = {
    apiKey: host.apiKey,
    sandboxId,
    keepAliveMs: Math.max(job.deadlineAt - now + JOB_GRACE_MS, DEFAULT_SANDBOX_LIFETIME_MS),
  };
  const limits = { timeoutMs: job.timeoutMs, maxOutputBytes: job.maxOutputBytes };
  let polled: JobPoll;
  try {
    if (now >= job.deadlineAt) {
      // One last look: it may have finished just before its deadline.
      polled = await pollE2BJob(connection, job, limits);
      if (polled.state === "running") {
        await killE2BJob(connection, job);
        return {
          state: "ended",
          status: "expired",
          exitCode: null,
          report: `${name} was stopped: it ran past its time limit of ${Math.round(job.timeoutMs / 1000)} s.`,
        };
      }
    } else {
      polled = await pollE2BJob(connection, job, limits);
    }
  } catch (error) {
    return unanswered(job, now, error, lost);
  }
  if (polled.state === "running") return { state: "running" };
  if (polled.state === "lost") return lost(polled.reason);
  return {
    state: "ended",
    status: "finished",
    exitCode: polled.run.exitCode,
    report: finishedReport(name, polled.run),
  };
}

/**
 * A look that got no answer (network, 5xx, D1): look again later — until the sandbox itself
 * would have ended (the grace past the deadline), after which the job is reported as killed.
 */
function unanswered(
  job: SandboxJob,
  now: number,
  error: unknown,
  lost: (reason: string) => Outcome,
): Outcome {
  log("warn", "sandbox.job_poll_failed", { job: job.id, error: String(error) });
  if (now < job.deadlineAt + JOB_GRACE_MS) return { state: "running" };
  return lost(
    `E2B could not be reached since its deadline (${error instanceof Error ? error.message : String(error)})`,
  );
}

function finishedReport(name: string, run: ShellRun): string {
  const parts = [`${name} finished: exit ${run.exitCode}`];
  if (run.stdout) parts.push(run.stdout.trimEnd());
  if (run.stderr) parts.push(`stderr: ${run.stderr.trimEnd()}`);
  return parts.join("\n");
}

async function report(host: SandboxJobHost, jobId: string): Promise<void> {
  const job = host.jobs.get(jobId);
  if (!job || job.status === "running" || job.reported || !job.report) return;
  await host.post(job.report, `sandbox-job:${job.id}:report`);
  host.feedBack(`sandbox-job:${job.id}`, job.agentId, job.report);
  await host.audit({
    id: `aud_${job.id}_${job.status}`,
    agentId: job.agentId,
    action: `sandbox.job_${job.status}`,
    detail: { job: job.id, command: job.command, exitCode: job.exitCode, polls: job.polls },
  });
  host.jobs.markReported(job.id);
  if (job.status === "finished" && host.apiKey && job.sandboxId) {
    try {
      const connection = {
        apiKey: host.apiKey,
        sandboxId: job.sandboxId,
        keepAliveMs: DEFAULT_SANDBOX_LIFETIME_MS,
      };
      await cleanUpE2BJob(connection, job.id);
    } catch (error) {
      log("warn", "sandbox.job_cleanup_failed", { job: job.id, error: String(error) });
    }
  }
}
