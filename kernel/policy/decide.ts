/**
 * The one entry point every action goes through. Pure and synchronous: the same policy and
 * action always give the same decision, in a Worker, a Durable Object or the CLI.
 */
import { compiledFor } from "./compile";
import { decideFilesystem } from "./decide-filesystem";
import { decideMessage, decideTool } from "./decide-messages-and-tools";
import { decideNetwork } from "./decide-network";
import { defaultDeny, deny } from "./effects";
import type { Policy } from "./schema";
import { decideShell } from "./shell/decide-shell";
import type { Action, Decision } from "./types";
import { invalidAction } from "./validate-action";

/** The rule named when the kernel itself failed: the action is denied, never let through. */
export const KERNEL_ERROR_RULE = "kernel.error";

/**
 * Decides whether an agent may take `action` under `policy`: allow, ask (a human approves
 * first) or deny. Anything no rule allows is denied.
 *
 * @example
 * decide(policy, { kind: "shell", agentId: "ops", command: "ls -la" })
 * // { effect: "allow", rule: "shell.allow[1]", reason: "…", limits: { timeoutMs: 30000, … } }
 */
export function decide(policy: Policy, action: Action): Decision {
  const invalid = invalidAction(action);
  if (invalid) return invalid;
  // Every path below is bounded (input sizes, nesting depth, brace expansion), so this is a
  // backstop: a bug must deny with a reason, not throw into a turn that is then retried.
  try {
    return decideValid(policy, action);
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return deny(
      KERNEL_ERROR_RULE,
      `the policy kernel could not decide this action (${message.slice(0, 200)})`,
    );
  }
}

function decideValid(policy: Policy, action: Action): Decision {
  const compiled = compiledFor(policy, action.agentId);
  switch (action.kind) {
    case "shell":
      return decideShell(compiled, action.command);
    case "filesystem":
      return decideFilesystem(compiled, action.operation, action.path, compiled.shell.limits.cwd);
    case "network":
      return decideNetwork(compiled, action.url, action.method);
    case "message":
      return decideMessage(compiled, action.channel, action.recipient, action.currentConversation);
    case "tool":
      return decideTool(compiled, action.tool, action.hints);
    default:
      return defaultDeny(`unknown action kind ${JSON.stringify((action as { kind?: unknown }).kind)}`);
  }
}
