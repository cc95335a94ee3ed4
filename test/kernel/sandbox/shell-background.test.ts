/** The shell tool hands long or explicitly background commands to the host's background jobs. */
import { describe, expect, it } from "vitest";
import type { SandboxLimits } from "../../../tools/sandbox/types";
import { BACKGROUND_AFTER_MS, shellTool } from "../../../tools/shell";
import type { BackgroundJobs, ToolContext } from "../../../tools/types";

function contextWith(limits: SandboxLimits, jobs?: BackgroundJobs) {
  const ran: string[] = [];
  const started: string[] = [];
  const context = {
    agentId: "ops",
    callKey: "turn_1_0",
    shellLimits: limits,
    sandbox: {
      kind: "e2b",
      run: async (command: string) => {
        ran.push(command);
        return { exitCode: 0, stdout: "ok\n", stderr: "", truncated: false, timedOut: false };
      },
    },
    ...(jobs
      ? {
          backgroundJobs: {
            start: async (command: string, jobLimits: SandboxLimits, key: string) => {
              started.push(command);
              return jobs.start(command, jobLimits, key);
            },
          },
        }
      : {}),
  } as unknown as ToolContext;
  return { context, ran, started };
}

const jobs: BackgroundJobs = {
  start: async () => ({ jobId: "job_abc", pid: 7, deadlineAt: Date.UTC(2027, 0, 1), repeated: false }),
};
const SHORT = { timeoutMs: 30_000, maxOutputBytes: 1_000 };
const LONG = { timeoutMs: BACKGROUND_AFTER_MS + 1, maxOutputBytes: 1_000 };

describe("shell tool and background jobs", () => {
  it("runs a command in the foreground when its timeout is short and nobody asks for background", async () => {
    const { context, ran, started } = contextWith(SHORT, jobs);
    expect(await shellTool.execute({ command: "ls" }, context)).toEqual({ ok: true, output: "exit 0\nok" });
    expect([ran, started]).toEqual([["ls"], []]);
  });

  it("starts a command in the background when the policy's timeout passes the threshold", async () => {
    const { context, ran, started } = contextWith(LONG, jobs);
    const result = await shellTool.execute({ command: "make" }, context);
    expect(result).toEqual({
      ok: true,
      output:
        "started in the background as job_abc; its result will be posted here when it ends (time limit 2027-01-01T00:00:00.000Z)",
    });
    expect([ran, started]).toEqual([[], ["make"]]);
  });

  it("starts a command in the background when the agent asks, and reports a refusal", async () => {
    const refusing: BackgroundJobs = { start: async () => ({ refused: "E2B is down" }) };
    const { context } = contextWith(SHORT, refusing);
    expect(await shellTool.execute({ command: "make", background: true }, context)).toEqual({
      ok: false,
      output: "not started: E2B is down",
    });
  });

  it("runs in the foreground where the host has no background jobs (just-bash, agent cycles)", async () => {
    const { context, ran } = contextWith(LONG);
    await shellTool.execute({ command: "make", background: true }, context);
    expect(ran).toEqual(["make"]);
  });

  it("accepts the background flag in its input and refuses anything else", () => {
    expect(shellTool.input.safeParse({ command: "ls", background: true }).success).toBe(true);
    expect(shellTool.input.safeParse({ command: "ls", detach: true }).success).toBe(false);
  });
});
