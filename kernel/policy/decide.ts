/**
 * The one entry point every action goes through. Pure and synchronous: the same policy and
 * action always give the same decision, in a Worker, a Durable Object or the CLI.
 */
import { compiledFor } from "./compile.js";
import { decideFilesystem } from "./decide-filesystem.js";
import { decideMessage, decideTool } from "./decide-messages-and-tools.js";
import { decideNetwork } from "./decide-network.js";
import { defaultDeny } from "./effects.js";
import type { Policy } from "./schema.js";
import { decideShell } from "./shell/decide-shell.js";
import type { Action, Decision } from "./types.js";

/**
 * Decides whether an agent may take `action` under `policy`: allow, ask (a human approves
 * first) or deny. Anything no rule allows is denied.
 *
 * @example
 * decide(policy, { kind: "shell", agentId: "ops", command: "ls -la" })
 * // { effect: "allow", rule: "shell.allow[1]", reason: "…", limits: { timeoutMs: 30000, … } }
 */
export function decide(policy: Policy, action: Action): Decision {
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
      return decideTool(compiled, action.tool);
    default:
      return defaultDeny(`unknown action kind ${JSON.stringify((action as { kind?: unknown }).kind)}`);
  }
}
