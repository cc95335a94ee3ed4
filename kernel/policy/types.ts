/**
 * The policy kernel's contract: every action an agent takes is described as an `Action`
 * and answered with a `Decision`. Anything not explicitly allowed is denied.
 */

export type Effect = "allow" | "ask" | "deny";

export interface Decision {
  effect: Effect;
  /** Which rule decided, e.g. "shell.allow[3]" or "default-deny". */
  rule: string;
  /** A sentence a human (or a model) can read. */
  reason: string;
  /** For allowed or approvable shell commands: the limits the sandbox must enforce. */
  limits?: ShellCommandLimits;
}

/** Per-command execution limits, taken from the policy (the strictest rule that applied). */
export interface ShellCommandLimits {
  timeoutMs: number;
  maxOutputBytes: number;
}

export type Action =
  | { kind: "shell"; agentId: string; command: string }
  | { kind: "filesystem"; agentId: string; operation: "read" | "write"; path: string }
  | { kind: "network"; agentId: string; url: string; method: string }
  | {
      kind: "message";
      agentId: string;
      channel: string;
      recipient: string;
      /** The conversation the agent is answering in; replying there is the ordinary case. */
      currentConversation?: string;
    }
  | {
      kind: "tool";
      agentId: string;
      tool: string;
      /**
       * What an MCP server says about its tool (its `destructiveHint` / `openWorldHint`
       * annotations). Hints come from the server, so they can only make a decision stricter:
       * an allowed tool hinted as either becomes `ask` unless its grant sets `overrideHints`.
       */
      hints?: ToolHints;
    };

/** MCP tool annotations the kernel reads; only `true` counts (docs/mcp.md says why). */
export interface ToolHints {
  destructive?: boolean;
  openWorld?: boolean;
}
