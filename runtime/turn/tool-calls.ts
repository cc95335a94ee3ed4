/**
 * One tool call from the model: validate its input, ask the policy kernel about every action it
 * amounts to, then execute it (allow), turn it into a proposal (ask) or refuse it (deny).
 */
import type { Database } from "../../db/client";
import { createProposal, type ProposalRow } from "../../db/queries/proposals";
import type { RateVerdict } from "../../durable-objects/tenant/rate-budget";
import type { DedupVerdict } from "../../kernel/dedup";
import type { Decision } from "../../kernel/policy/types";
import type { LabelledContext } from "../../kernel/trust";
import type { ToolCall } from "../../providers/types";
import { agentMayUse } from "../../tools/registry";
import type { ToolContext } from "../../tools/types";
import { takeIntoProposal } from "../proposals/intake";
import type { AuditBuffer } from "./audit-buffer";
import type { LoadedPolicy } from "./policy";
import { authorizeUnderTrust } from "./trust-check";

export const PROPOSAL_LIFETIME_MS = 24 * 60 * 60 * 1000;

export type ToolCallOutcome =
  | { kind: "executed"; ok: boolean; output: string; decision: Decision }
  | { kind: "denied"; output: string; decision: Decision }
  | { kind: "invalid"; output: string }
  /** The proposal layer merged it into a pending proposal or refused a recent repeat (output says which). */
  | { kind: "duplicate"; output: string; verdict: DedupVerdict }
  | { kind: "proposed"; proposal: ProposalRow; summary: string; decision: Decision };

export interface ToolCallDeps {
  db: Database;
  policy: LoadedPolicy;
  audit: AuditBuffer;
  now: number;
  context: ToolContext;
  /** Deterministic per call, so a retried turn finds the proposal it already created. */
  proposalId: string;
  /** Tools this agent may be offered; anything else is refused before the policy is asked. */
  agentTools: readonly string[];
  /** Counts the call against the policy's rate budgets for its tool family (absent: no budgets). */
  rateBudget?: (toolFamily: string) => Promise<RateVerdict>;
  /**
   * The turn's context, labelled by trust (kernel/trust): with untrusted content in it, a call
   * whose consequential arguments did not come from trusted input needs a human. Absent: the
   * policy alone decides (callers that make a single call outside a turn, such as tests).
   */
  trust?: LabelledContext;
}

export async function handleToolCall(deps: ToolCallDeps, call: ToolCall): Promise<ToolCallOutcome> {
  const { context, audit } = deps;
  if (!agentMayUse(deps.agentTools, call.name)) {
    audit.add({
      actor: `agent:${context.agentId}`,
      action: "tool.refused",
      agentId: context.agentId,
      detail: { tool: call.name, reason: "not in the agent's tools" },
    });
    return { kind: "invalid", output: `tool "${call.name}" is not available to this agent` };
  }
  const checked = authorizeUnderTrust(deps.policy, call, context, deps.trust);
  if (!checked.decision) {
    audit.add({
      actor: `agent:${context.agentId}`,
      action: "tool.invalid",
      agentId: context.agentId,
      detail: { tool: call.name, error: checked.error },
    });
    return { kind: "invalid", output: checked.error };
  }
  const { tool, input, decision, trust } = checked;
  const detail = {
    tool: tool.name,
    input,
    rule: decision.rule,
    reason: decision.reason,
    // Where each consequential argument came from, whenever untrusted content was in the context.
    ...(trust?.untrustedPresent
      ? {
          provenance: trust.provenance.map((p) => ({
            kind: p.argument.kind,
            name: p.argument.name,
            value: p.argument.value,
            origin: p.origin,
            sources: p.origin === "trusted" ? p.trustedSources : p.untrustedSources,
          })),
        }
      : {}),
  };
  audit.add({
    actor: `agent:${context.agentId}`,
    action: `policy.${decision.effect}`,
    agentId: context.agentId,
    subjectType: "tool_call",
    subjectId: context.callKey,
    detail,
  });

  if (decision.effect === "deny") {
    return { kind: "denied", decision, output: `denied by ${decision.rule}: ${decision.reason}` };
  }
  if (deps.rateBudget) {
    // Budgets count per tool family as the policy names it (send_message and send_email are "message").
    const family = tool.actions(input, context).find((action) => action.kind === "tool");
    const verdict = await deps.rateBudget(family?.kind === "tool" ? family.tool : tool.name);
    if (!verdict.allowed) {
      const limited = { effect: "deny" as const, rule: verdict.rule, reason: verdict.reason };
      audit.add({
        actor: `agent:${context.agentId}`,
        action: "policy.rate_limited",
        agentId: context.agentId,
        subjectType: "tool_call",
        subjectId: context.callKey,
        detail: {
          tool: tool.name,
          rule: verdict.rule,
          reason: verdict.reason,
          retryAfterMs: verdict.retryAfterMs,
        },
      });
      const seconds = Math.ceil(verdict.retryAfterMs / 1000);
      return {
        kind: "denied",
        decision: limited,
        output: `rate limited by ${verdict.rule}: ${verdict.reason}; retry in ${seconds} s`,
      };
    }
  }
  // The proposal lifecycle picks the mode (approval, hold, undo window, forbid); null = run now.
  const taken = await takeIntoProposal({
    db: deps.db,
    audit,
    now: deps.now,
    context,
    proposalId: deps.proposalId,
    tool,
    input,
    decision,
    ...(trust?.escalated ? { humanRequired: { rule: decision.rule, reason: trust.decision.reason } } : {}),
  });
  if (taken) return taken;
  if (decision.effect === "ask") {
    const proposal = await createProposal(deps.db, {
      id: deps.proposalId,
      tenantId: context.tenantId,
      threadId: context.threadId,
      agentId: context.agentId,
      tool: tool.name,
      input,
      rule: decision.rule,
      reason: decision.reason,
      status: "pending",
      createdAt: deps.now,
      expiresAt: deps.now + PROPOSAL_LIFETIME_MS,
    });
    audit.add({
      id: `aud_created_${proposal.id}`,
      actor: `agent:${context.agentId}`,
      action: "proposal.created",
      agentId: context.agentId,
      subjectType: "proposal",
      subjectId: proposal.id,
      detail,
    });
    return { kind: "proposed", proposal, summary: tool.describe(input), decision };
  }
  const result = await tool.execute(input, context);
  audit.add({
    actor: `agent:${context.agentId}`,
    action: "tool.executed",
    agentId: context.agentId,
    subjectType: "tool_call",
    subjectId: context.callKey,
    detail: { tool: tool.name, ok: result.ok },
  });
  return { kind: "executed", ok: result.ok, output: result.output, decision };
}
