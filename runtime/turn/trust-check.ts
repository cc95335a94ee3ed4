/**
 * The policy decision for one tool call in a turn, with the trust rule applied: the kernel's
 * decision over every action the call amounts to (tool-authorization.ts), then kernel/trust on
 * its consequential arguments against the turn's labelled context. Shared by the turn
 * (tool-calls.ts) and the injection benchmark (bench/injection.ts), so what is measured is what
 * runs. Proposal execution re-checks only the policy: by then a human has approved.
 */
import {
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
  context: Pick<ToolContext, "agentId" | "channel" | "conversationId">,
  labelled: LabelledContext | undefined,
): TrustedAuthorization {
  const checked = authorizeToolCall(policy, call, context);
  if (!checked.decision || !labelled) return checked;
  const args = consequentialArguments(checked.tool.actions(checked.input, context), checked.input);
  const trust = trustVerdict({ decision: checked.decision, arguments: args, context: labelled });
  return { ...checked, decision: trust.decision, trust };
}
