/**
 * Where a tool call the policy did not deny becomes a proposal: the mode is chosen
 * (policies/proposal-modes.yaml, then entity guards), the proposal is stored as a draft and moved
 * on at once — to pending (a human decides), approved-and-held (the undo-send outbox), approved
 * and run now with an undo window, or rejected (forbid). An allowed action whose mode is plain
 * `auto` is left to the caller to run directly, as before.
 */
import type { Database } from "../../db/client";
import { findEntitiesByRefs } from "../../db/queries/entities";
import { createProposal, type ProposalRow, transitionProposal } from "../../db/queries/proposals";
import { canonicalArguments, type DedupVerdict } from "../../kernel/dedup";
import { log } from "../../kernel/log";
import type { Decision } from "../../kernel/policy/types";
import { type ModeResolution, resolveMode } from "../../kernel/proposals";
import { isReversible, subjectOf, type Tool, type ToolContext } from "../../tools/types";
import type { AuditBuffer } from "../turn/audit-buffer";
import { proposalCard } from "./cards";
import { executeProposal } from "./execution";
import { loadProposalModes } from "./modes";
import {
  type ChatRef,
  type ProposalDedup,
  type ProposalRuntime,
  TIMER,
  timerKey,
  timerPayload,
} from "./proposal-runtime";

declare module "../../tools/ports" {
  interface ProposalHostHandle {
    runtime: ProposalRuntime;
  }
}

export type IntakeOutcome =
  | { kind: "executed"; ok: boolean; output: string; decision: Decision }
  | { kind: "denied"; output: string; decision: Decision }
  | { kind: "duplicate"; output: string; verdict: DedupVerdict }
  | { kind: "proposed"; proposal: ProposalRow; summary: string; decision: Decision };

export interface IntakeInput {
  db: Database;
  audit: AuditBuffer;
  now: number;
  context: ToolContext;
  proposalId: string;
  // biome-ignore lint/suspicious/noExplicitAny: tools of any input type come through here.
  tool: Tool<any>;
  input: unknown;
  decision: Decision;
  /** The trust rule escalated this call: it waits for a human, whatever the mode rules say. */
  humanRequired?: { rule: string; reason: string };
}

/** The turn's reply carries the cards of pending proposals: its outbox key, by agent-turn's scheme. */
function turnReplyKey(callKey: string): string {
  return `reply:${callKey.split("_")[0]}`;
}

/**
 * Returns null when the caller should run the tool directly (allowed, mode auto, or no host);
 * otherwise what became of the call.
 */
export async function takeIntoProposal(args: IntakeInput): Promise<IntakeOutcome | null> {
  const { context, decision, tool, input } = args;
  const host = context.proposalHost;
  if (!host || decision.effect === "deny") return null;
  const subject = subjectOf(tool, input, context);
  const entities = await findEntitiesByRefs(args.db, context.tenantId, subject.entityRefs);
  const reversible = isReversible(tool, input);
  const mode = resolveMode(loadProposalModes(), {
    action: tool.name,
    agentId: context.agentId,
    target: subject.target,
    reversible,
    policyEffect: decision.effect,
    entities: entities.map((e) => ({ id: e.id, name: e.name, flags: e.flags })),
    ...(args.humanRequired ? { humanRequired: args.humanRequired } : {}),
  });
  if (decision.effect === "allow" && mode.mode === "auto") return null;

  const rt = host.runtime;
  // Forbidden calls are refused by their mode whatever came before; everything else that becomes
  // a proposal is first checked against pending and recently executed ones (the proposal layer).
  if (mode.mode !== "forbid" && rt.dedup) {
    const duplicate = await proposalDuplicate(args, rt.dedup, subject.target);
    if (duplicate) return duplicate;
  }
  const held = mode.mode === "hold_then_execute";
  const cardKey = `proposal:${args.proposalId}:card`;
  const chatRef: ChatRef = {
    conversationId: context.conversationId,
    outboxKey: mode.mode === "require_approval" ? turnReplyKey(context.callKey) : cardKey,
  };
  const draft = await createProposal(args.db, {
    id: args.proposalId,
    tenantId: context.tenantId,
    threadId: context.threadId,
    agentId: context.agentId,
    tool: tool.name,
    input,
    rule: decision.rule,
    reason: decision.reason,
    status: "draft",
    mode: mode.mode,
    modeRule: mode.rule,
    risk: tool.risk,
    reversible,
    target: subject.target,
    entityIds: entities.map((e) => e.id),
    approvalsNeeded: mode.approvalsNeeded,
    windowMs: reversible ? mode.windowMs : null,
    holdUntil: held ? args.now + mode.holdMs : null,
    chatRef,
    createdAt: args.now,
    updatedAt: args.now,
    expiresAt: args.now + mode.expiresInMs,
  });
  const moved = draft.status === "draft" ? await classify(args, draft, mode) : draft;
  const summary = tool.describe(input);
  // With no mode rule of its own, the policy's rule is the better explanation of why it waits.
  const explained: Decision = mode.rule.startsWith("default:")
    ? decision
    : { ...decision, rule: mode.rule, reason: mode.reason };

  switch (moved.status) {
    case "rejected":
      return { kind: "denied", decision: explained, output: `forbidden by ${mode.rule}: ${mode.reason}` };
    case "pending":
      await rt.timers.put(
        timerKey(TIMER.expire, moved.id),
        TIMER.expire,
        moved.expiresAt + 1,
        timerPayload(moved),
      );
      return { kind: "proposed", proposal: moved, summary, decision: explained };
    default: {
      // Held or windowed: the timer is written before anything runs, so an eviction mid-way
      // leaves the alarm to finish the job.
      const dueAt = moved.holdUntil ?? args.now;
      await rt.timers.put(timerKey(TIMER.execute, moved.id), TIMER.execute, dueAt, timerPayload(moved));
      const after = held ? moved : await executeProposal(rt, moved);
      const card = proposalCard(after, context.agentId, rt.now());
      await rt.post(
        { type: "message", conversationId: context.conversationId, text: card.text, buttons: card.buttons },
        cardKey,
      );
      const result = after.result as { ok?: boolean; output?: string } | null;
      return held
        ? {
            kind: "executed",
            ok: true,
            decision: explained,
            output: `held as ${moved.id} until ${new Date(dueAt).toISOString()}; it runs then unless cancelled`,
          }
        : {
            kind: "executed",
            ok: result?.ok === true,
            decision: explained,
            output: `${result?.output ?? after.status} (${after.id}, ${after.windowEndsAt ? `undo until ${new Date(after.windowEndsAt).toISOString()}` : "no undo"})`,
          };
    }
  }
}

/**
 * Asks the Tenant DO whether this is the same action on the same target as a pending proposal
 * (merge: nothing new is created, the agent is pointed at the waiting one) or as one executed
 * within the window (refuse). The verdict is remembered by proposal id, so a retried turn gets
 * the same answer; it is audited by the Tenant DO (`dedup.proposal`). If the coordinator cannot
 * be reached the proposal is made as before (logged): a human still decides a pending one.
 */
async function proposalDuplicate(
  args: IntakeInput,
  dedup: ProposalDedup,
  target: string,
): Promise<IntakeOutcome | null> {
  const { context, tool } = args;
  let verdict: DedupVerdict;
  try {
    verdict = await dedup.check({
      tenant: context.tenantId,
      id: args.proposalId,
      action: tool.name,
      target,
      argumentsText: canonicalArguments(args.input),
      at: args.now,
      actor: `agent:${context.agentId}`,
    });
  } catch (error) {
    log("warn", "proposal.dedup_unavailable", {
      tenant: context.tenantId,
      proposal: args.proposalId,
      error: error instanceof Error ? error.message : String(error),
    });
    return null;
  }
  if (!verdict.duplicate || !verdict.of) return null;
  const output =
    verdict.action === "refuse"
      ? `Refused, not done again: ${verdict.reason}. Nothing was proposed or run.`
      : `Not proposed again: ${verdict.reason}. No new proposal was made; approve or reject ${verdict.of} instead.`;
  args.audit.add({
    id: `aud_duplicate_${args.proposalId}`,
    actor: `agent:${context.agentId}`,
    action: "proposal.duplicate",
    agentId: context.agentId,
    subjectType: "proposal",
    subjectId: verdict.of,
    detail: {
      tool: tool.name,
      target,
      input: args.input,
      action: verdict.action ?? null,
      reason: verdict.reason,
    },
  });
  return { kind: "duplicate", output, verdict };
}

/** draft → its first real state, audited with the mode's rule as the reason. */
async function classify(args: IntakeInput, draft: ProposalRow, mode: ModeResolution) {
  const at = args.now;
  const id = `aud_created_${draft.id}`;
  const agent = `agent:${args.context.agentId}`;
  const detail = { mode: mode.mode, rule: mode.rule, policyRule: args.decision.rule };
  const to = mode.mode === "forbid" ? "rejected" : mode.mode === "require_approval" ? "pending" : "approved";
  const actor = to === "pending" ? agent : `policy:${mode.rule}`;
  const moved = await transitionProposal(
    args.db,
    draft.tenantId,
    draft.id,
    ["draft"],
    to,
    { id, actor, reason: mode.reason, at, detail, chain: args.audit.chain },
    to === "pending" ? {} : { decidedBy: actor, decidedAt: at },
  );
  args.audit.add({
    id: `aud_proposed_${draft.id}`,
    actor: agent,
    action: "proposal.created",
    agentId: args.context.agentId,
    subjectType: "proposal",
    subjectId: draft.id,
    detail: { tool: draft.tool, input: draft.input, ...detail },
  });
  return moved ?? draft;
}
