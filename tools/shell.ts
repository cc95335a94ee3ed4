/** `shell`: run one command line in the thread's sandbox, after the policy kernel allowed it. */
import { z } from "zod";
import type { Tool } from "./types";

const ShellInput = z.strictObject({
  command: z.string().min(1).max(4000).describe("A bash command line, run in /workspace"),
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
    const run = await context.sandbox.run(input.command, context.shellLimits);
    const parts = [`exit ${run.exitCode}${run.timedOut ? " (timed out)" : ""}`];
    if (run.stdout) parts.push(run.stdout.trimEnd());
    if (run.stderr) parts.push(`stderr: ${run.stderr.trimEnd()}`);
    return { ok: run.exitCode === 0, output: parts.join("\n") };
  },
};
