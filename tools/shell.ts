/** `shell`: run one command line in the thread's sandbox, after the policy kernel allowed it. */
import { z } from "zod";
import type { SandboxLimits } from "./sandbox/types";
import type { Tool } from "./types";

/**
 * Commands that may run longer than this (by the policy's timeout for the agent) are started in
 * the background where the host supports it, rather than holding a turn open for minutes.
 */
export const BACKGROUND_AFTER_MS = 60_000;

const ShellInput = z.strictObject({
  command: z.string().min(1).max(4000).describe("A bash command line, run in /workspace"),
  background: z
    .boolean()
    .optional()
    .describe(
      "Run it in the background (builds, test suites); the result is posted to the chat when it ends",
    ),
});
type ShellInput = z.infer<typeof ShellInput>;

export const shellTool: Tool<ShellInput> = {
  name: "shell",
  description:
    "Run a bash command in the agent's sandboxed workspace (/workspace). Returns exit code and output.",
  input: ShellInput,
  risk: "medium",
  reversible: false,
  actions: (input, context) => [
    { kind: "tool", agentId: context.agentId, tool: "shell" },
    { kind: "shell", agentId: context.agentId, command: input.command },
  ],
  describe: (input) => `run \`${input.command}\``,
  async execute(input, context) {
    if (context.backgroundJobs && runsInBackground(input.background, context.shellLimits)) {
      const job = await context.backgroundJobs.start(input.command, context.shellLimits, context.callKey);
      if ("refused" in job) return { ok: false, output: `not started: ${job.refused}` };
      const deadline = new Date(job.deadlineAt).toISOString();
      return {
        ok: true,
        output:
          `${job.repeated ? "already started" : "started"} in the background as ${job.jobId}` +
          `; its result will be posted here when it ends (time limit ${deadline})`,
      };
    }
    const run = await context.sandbox.run(input.command, context.shellLimits);
    const parts = [`exit ${run.exitCode}${run.timedOut ? " (timed out)" : ""}`];
    if (run.stdout) parts.push(run.stdout.trimEnd());
    if (run.stderr) parts.push(`stderr: ${run.stderr.trimEnd()}`);
    return { ok: run.exitCode === 0, output: parts.join("\n") };
  },
};

function runsInBackground(asked: boolean | undefined, limits: SandboxLimits): boolean {
  return asked === true || limits.timeoutMs > BACKGROUND_AFTER_MS;
}
