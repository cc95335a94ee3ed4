/**
 * What the policy kernel says about one tool call: the tool, its validated input and the most
 * restrictive decision over every action it amounts to. Shared by the turn (a fresh call) and by
 * proposal execution (the same check again at execution time), so neither imports the other.
 */
import { isMcpToolName } from "../../kernel/mcp";
import { decide } from "../../kernel/policy";
import { mostRestrictive } from "../../tools/authorize";
import { findTool } from "../../tools/registry";
import type { ToolContext } from "../../tools/types";
import type { LoadedPolicy } from "./policy";

export function authorizeToolCall(
  policy: LoadedPolicy,
  call: { name: string; input: unknown },
  context: Pick<ToolContext, "agentId" | "channel" | "conversationId" | "mcp">,
) {
  const tool = findTool(call.name, context.mcp);
  if (!tool) {
    const error = isMcpToolName(call.name)
      ? (context.mcp?.whyMissing(call.name) ?? `MCP tools are not available here ("${call.name}")`)
      : `unknown tool "${call.name}"`;
    return { tool: undefined, decision: undefined, error } as const;
  }
  const input = tool.input.safeParse(call.input);
  if (!input.success) {
    const issue = input.error.issues[0];
    const field = issue?.path.join(".") || "(input)";
    return {
      tool,
      decision: undefined,
      error: `invalid input for ${tool.name}: ${field}: ${issue?.message}`,
    } as const;
  }
  const decisions = tool.actions(input.data, context).map((action) => decide(policy.policy, action));
  return { tool, input: input.data, decision: mostRestrictive(decisions), error: undefined } as const;
}
