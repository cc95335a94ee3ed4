/**
 * What each timer on a ContextThread's alarm does (durable-objects/schedules.ts): a proposal's
 * execution, expiry and rollback window, a reminder, a stored message's turn, a background
 * sandbox job's poll — and, out of attempts, how a kind ends visibly (an execution failed and
 * told, a job reported). The object hands in its ports; the scope, with the thread's channel, is
 * loaded only by the timers that speak on the channel.
 */
import type { GiveUpHandler, ScheduleHandler, Schedules } from "../../durable-objects/schedules";
import { giveUpProposalTimer, runProposalTimer } from "../proposals/decisions-in-chat";
import { TIMER } from "../proposals/proposal-runtime";
import type { ThreadScope } from "../turn/turn-scope";
import { fireReminder, REMINDER_TIMER } from "./reminders";
import { abandonSandboxJob, pollSandboxJob, SANDBOX_JOB_TIMER } from "./sandbox-jobs";
import type { ThreadHost } from "./thread-host";
import { TURN_TIMER } from "./turn-resumption";

export interface ThreadTimerPorts {
  host: ThreadHost;
  timers: Schedules;
  /** The thread's scope with its channel; throws when the channel is gone (the row is retried). */
  scope(): Promise<ThreadScope>;
  resumeTurn(payload: unknown): Promise<void>;
}

function sandboxJobIdOf(payload: unknown): string | undefined {
  const jobId = (payload as { jobId?: unknown } | null)?.jobId;
  return typeof jobId === "string" ? jobId : undefined;
}

export function threadTimerHandlers(ports: ThreadTimerPorts): {
  handlers: Record<string, ScheduleHandler>;
  giveUp: Record<string, GiveUpHandler>;
} {
  const { host } = ports;
  const onProposal: ScheduleHandler = async (row) =>
    runProposalTimer(host.proposalRuntime(await ports.scope()), row);
  return {
    handlers: {
      [TIMER.execute]: onProposal,
      [TIMER.expire]: onProposal,
      [TIMER.windowClose]: onProposal,
      [REMINDER_TIMER]: (row) =>
        fireReminder(row, {
          timers: ports.timers,
          send: async (payload, key) => host.send(await ports.scope(), payload, key),
        }),
      [TURN_TIMER]: (row) => ports.resumeTurn(row.payload),
      [SANDBOX_JOB_TIMER]: async (row) => {
        const jobId = sandboxJobIdOf(row.payload);
        if (jobId) await pollSandboxJob(host.sandboxJobHost(await ports.scope()), jobId);
      },
    },
    // Out of attempts: an execution ends failed and told, a job ends reported.
    giveUp: {
      [TIMER.execute]: async (row, reason) =>
        giveUpProposalTimer(host.proposalRuntime(await ports.scope()), row, reason),
      [SANDBOX_JOB_TIMER]: async (row, reason) => {
        const jobId = sandboxJobIdOf(row.payload);
        if (jobId) await abandonSandboxJob(host.sandboxJobHost(await ports.scope()), jobId, reason);
      },
    },
  };
}
