/**
 * Message sends and tool calls: both are "may this agent use this name (for this recipient)".
 */
import { isMcpToolName } from "../mcp/names";
import type { CompiledNameRule, CompiledPolicy } from "./compile";
import { bestGrant, defaultDeny, deny, escalate, grantDecision } from "./effects";
import { matchesAny } from "./glob";
import type { Decision, ToolHints } from "./types";

function recipientMatches(
  rule: CompiledNameRule,
  recipient: string,
  isCurrentConversation: boolean,
): boolean {
  return (rule.matchesConversation && isCurrentConversation) || matchesAny(rule.recipients, recipient);
}

export function decideMessage(
  policy: CompiledPolicy,
  channel: string,
  recipient: string,
  currentConversation: string | undefined,
): Decision {
  const isCurrent = currentConversation !== undefined && currentConversation === recipient;
  const what = `message to ${recipient} on ${channel}`;
  for (const rule of policy.channels.block) {
    if (matchesAny(rule.names, channel) && recipientMatches(rule, recipient, isCurrent)) {
      return deny(rule.label, `${what} is blocked: ${rule.reason ?? rule.label}`);
    }
  }
  const grant = bestGrant(
    policy.channels.allow.filter(
      (rule) => matchesAny(rule.names, channel) && recipientMatches(rule, recipient, isCurrent),
    ),
  );
  if (!grant) return defaultDeny(`no channels.allow rule covers ${what}`);
  const asking = policy.channels.ask.find(
    (rule) => matchesAny(rule.names, channel) && recipientMatches(rule, recipient, isCurrent),
  );
  return escalate(grantDecision(grant, what), asking, what);
}

/** The rules an MCP server's hints invoke: named in the decision like any other rule. */
export const MCP_HINT_RULES = {
  destructive: "mcp.destructive-hint",
  openWorld: "mcp.open-world-hint",
} as const;

export function decideTool(policy: CompiledPolicy, tool: string, hints?: ToolHints): Decision {
  // An MCP tool (`mcp:<server>:<tool>`) is matched only by patterns written with `mcp:`: a
  // broad grant such as `tools: ["*"]` never reaches a server registered after it was written.
  const mcp = isMcpToolName(tool);
  const matches = (rule: CompiledNameRule) => matchesAny(mcp ? (rule.mcpNames ?? []) : rule.names, tool);
  for (const rule of policy.tools.block) {
    if (matches(rule)) return deny(rule.label, `tool ${tool} is blocked: ${rule.reason ?? rule.label}`);
  }
  const grant = bestGrant(policy.tools.allow.filter(matches));
  if (!grant)
    return defaultDeny(
      mcp
        ? `MCP tool ${tool} is not granted to agent ${policy.agentId}: a server's tools are denied until a tools rule names them (mcp:<server>:<tool> or mcp:<server>:*)`
        : `tool ${tool} is not granted to agent ${policy.agentId}`,
    );
  const asking = policy.tools.ask.find(matches);
  const decided = escalate(grantDecision(grant, `tool ${tool}`), asking, `tool ${tool}`);
  if (!mcp || decided.effect !== "allow" || grant.overrideHints) return decided;
  // The server's own annotations can only make the call stricter, never looser.
  if (hints?.destructive)
    return {
      effect: "ask",
      rule: MCP_HINT_RULES.destructive,
      reason: `tool ${tool} needs approval: its server marks it destructive (a grant with overrideHints: true lifts this)`,
    };
  if (hints?.openWorld)
    return {
      effect: "ask",
      rule: MCP_HINT_RULES.openWorld,
      reason: `tool ${tool} needs approval: its server marks it as reaching outside systems (open-world; a grant with overrideHints: true lifts this)`,
    };
  return decided;
}
