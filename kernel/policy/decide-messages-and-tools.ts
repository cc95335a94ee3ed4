/**
 * Message sends and tool calls: both are "may this agent use this name (for this recipient)".
 */
import type { CompiledNameRule, CompiledPolicy } from "./compile";
import { bestGrant, defaultDeny, deny, escalate, grantDecision } from "./effects";
import { matchesAny } from "./glob";
import type { Decision } from "./types";

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

export function decideTool(policy: CompiledPolicy, tool: string): Decision {
  for (const rule of policy.tools.block) {
    if (matchesAny(rule.names, tool))
      return deny(rule.label, `tool ${tool} is blocked: ${rule.reason ?? rule.label}`);
  }
  const grant = bestGrant(policy.tools.allow.filter((rule) => matchesAny(rule.names, tool)));
  if (!grant) return defaultDeny(`tool ${tool} is not granted to agent ${policy.agentId}`);
  const asking = policy.tools.ask.find((rule) => matchesAny(rule.names, tool));
  return escalate(grantDecision(grant, `tool ${tool}`), asking, `tool ${tool}`);
}
