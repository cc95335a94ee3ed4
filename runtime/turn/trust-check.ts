/**
 * The policy decision for one tool call in a turn, with the trust rule applied: the kernel's
 * decision over every action the call amounts to (tool-authorization.ts), then kernel/trust on
 * its consequential arguments against the turn's labelled context. Shared by the turn
 * (tool-calls.ts) and the injection benchmark (bench/injection.ts), so what is measured is what
 * runs. Proposal execution re-checks only the policy: by then a human has approved.
 */

import { isMcpToolName, parseMcpToolName } from "../../kernel/mcp";
import {
  type ContextItem,
  consequentialArguments,
  type LabelledContext,
  type TrustVerdict,
  trustVerdict,
} from "../../kernel/trust";
import type { ToolContext } from "../../tools/types";
import type { LoadedPolicy } from "./policy";
import { authorizeToolCall } from "./tool-authorization";

export type TrustedAuthorization = ReturnType<typeof authorizeToolCall> & { trust?: TrustVerdict };

export function authorizeUnderTrust(
  policy: LoadedPolicy,
  call: { name: string; input: unknown },
  context: Pick<ToolContext, "agentId" | "channel" | "conversationId" | "mcp">,
  labelled: LabelledContext | undefined,
): TrustedAuthorization {
  const checked = authorizeToolCall(policy, call, context);
  if (!checked.decision || !labelled) return checked;
  // An MCP tool's POST goes to the endpoint the tenant registered, not to a URL the model chose:
  // that action is for the network policy, while the call's own arguments are weighed below.
  const actions = checked.tool
    .actions(checked.input, context)
    .filter((action) => !(action.kind === "network" && isMcpToolName(checked.tool.name)));
  const args = consequentialArguments(actions, checked.input);
  const trust = trustVerdict({ decision: checked.decision, arguments: args, context: labelled });
  return { ...checked, decision: trust.decision, trust };
}

/** A tool's result as a context item: a response from the web, or a tool's output. */
export function toolOutputItem(call: { name: string; input: unknown }, output: string): ContextItem {
  const mcp = parseMcpToolName(call.name);
  if (mcp)
    return {
      label: "untrusted:mcp",
      source: `the result of tool ${mcp.tool} on MCP server ${mcp.server}`,
      text: output,
    };
  const input = (call.input ?? {}) as { url?: unknown; method?: unknown; command?: unknown };
  if (call.name === "http_request" && typeof input.url === "string") {
    return {
      label: "untrusted:web",
      source: `the response of ${String(input.method ?? "GET")} ${input.url}`,
      text: output,
    };
  }
  if (call.name === "shell" && typeof input.command === "string") {
    return {
      label: "untrusted:tool-output",
      source: `the output of \`${input.command.slice(0, 60)}\``,
      text: output,
    };
  }
  return { label: "untrusted:tool-output", source: `the result of ${call.name}`, text: output };
}
