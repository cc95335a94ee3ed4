/**
 * The ContextThread's side of the lifecycle, kept out of the class: what happens after a human
 * decided (API, button, chat command), what a button press does, and what each timer does when
 * the alarm fires. Every path re-reads the proposal and moves it conditionally, so a repeat —
 * a retried alarm, a second press, the API and the chat at once — acts at most once.
 */
import type { ChannelConfig } from "../../channels/channel-config";
import type { InboundMessage } from "../../channels/message";
import type { Database } from "../../db/client";
import { isListedApprover } from "../../db/queries/proposal-approvals";
import { getProposal, type ProposalRow, updateProposalFields } from "../../db/queries/proposals";
import type { ScheduleRow } from "../../durable-objects/schedules";
import { type ProposalVerb, parseProposalCallback } from "../../kernel/proposals";
import type { AuditBuffer } from "../turn/audit-buffer";
import { cancelProposal, decideProposal } from "./decisions";
import {
  abandonExecution,
  closeRollbackWindow,
  executeProposal,
  expireIfDue,
  rollbackProposal,
} from "./execution";
import {
  ChatRefSchema,
  type ProposalRuntime,
  recordProposalFateIn,
  refreshCard,
  TIMER,
  TimerPayloadSchema,
  timerKey,
  timerPayload,
} from "./proposal-runtime";

export interface ProposalRequest {
  verb: ProposalVerb;
  actor: string;
  reason?: string | undefined;
  /** The chat card the request came from, when it came from a button. */
  platformMessageId?: string | undefined;
}

export interface ProposalActionResult {
  proposal: ProposalRow;
  /** What happened: scheduled, rejected, rolled_back, refused, cancelled, too_late, waiting, … */
  outcome: string;
  /** One sentence for the person who asked. */
  message: string;
}

/** An approver is on the tenant's approver list, or on the channel's own list of approver ids. */
async function isApprover(
  db: Database,
  tenantId: string,
  platform: string,
  userId: string,
  config: ChannelConfig,
): Promise<boolean> {
  return config.approvers.includes(userId) || (await isListedApprover(db, tenantId, platform, userId));
}

/**
 * The approver check of every in-chat way to decide a proposal (button, reaction, /approve): an
 * approver is on the channel's list or on the tenant's (`/api/approvers`). True for an approver;
 * otherwise the refusal is audited with how it was tried (`attempt`) and false.
 */
export async function admitApprover(
  db: Database,
  audit: AuditBuffer,
  inbound: InboundMessage,
  config: ChannelConfig,
  refusal: { proposalId: string | null; attempt: Record<string, unknown> },
): Promise<boolean> {
  if (await isApprover(db, inbound.tenantId, inbound.platform, inbound.sender.id, config)) return true;
  audit.add({
    actor: `user:${inbound.platform}:${inbound.sender.id}`,
    action: "proposal.approval_refused",
    subjectType: "proposal",
    subjectId: refusal.proposalId,
    detail: { reason: "not an approver", ...refusal.attempt },
  });
  return false;
}

async function rememberCard(
  rt: ProposalRuntime,
  proposal: ProposalRow,
  platformMessageId: string | undefined,
) {
  const ref = ChatRefSchema.safeParse(proposal.chatRef);
  if (!platformMessageId || !ref.success || ref.data.platformMessageId === platformMessageId) return proposal;
  return (
    (await updateProposalFields(rt.db, proposal.tenantId, proposal.id, proposal.status, {
      chatRef: { ...ref.data, platformMessageId },
    })) ?? proposal
  );
}

/**
 * Carries out what was decided about a proposal. Approve and reject are already recorded in D1
 * by whoever decided (decideProposal); rollback and cancel are carried out here.
 */
export async function afterDecision(
  rt: ProposalRuntime,
  found: ProposalRow,
  request?: ProposalRequest,
): Promise<ProposalActionResult> {
  const proposal = await rememberCard(rt, found, request?.platformMessageId);
  if (request?.verb === "rollback") {
    const result = await rollbackProposal(
      rt,
      proposal,
      request.actor,
      request.reason ?? "rollback requested",
    );
    return result.outcome === "refused"
      ? { proposal: result.proposal, outcome: "refused", message: `Cannot roll back: ${result.reason}.` }
      : {
          proposal: result.proposal,
          outcome: result.outcome,
          message:
            result.outcome === "rolled_back"
              ? `Rolled back: ${result.output}`
              : `Rollback failed: ${result.output}`,
        };
  }
  if (request?.verb === "cancel") {
    const result = await cancelProposal(rt.db, {
      tenantId: proposal.tenantId,
      proposalId: proposal.id,
      actor: request.actor,
      reason: request.reason ?? "cancelled before it ran",
      now: rt.now(),
      auditId: rt.ids.next("aud"),
      chain: rt.chain,
    });
    if (result.outcome === "not_found")
      return { proposal, outcome: "not_found", message: "No such proposal." };
    if (result.outcome === "too_late")
      return {
        proposal: result.proposal,
        outcome: "too_late",
        message: `Too late to cancel: it is ${result.proposal.status}.`,
      };
    await rt.timers.cancel(timerKey(TIMER.execute, proposal.id));
    await rt.timers.cancel(timerKey(TIMER.expire, proposal.id));
    await recordProposalFateIn(rt, result.proposal, "rejected");
    await refreshCard(rt, result.proposal);
    return { proposal: result.proposal, outcome: "cancelled", message: "Cancelled: it will not run." };
  }

  switch (proposal.status) {
    case "approved": {
      // Execution runs from the alarm: the timer is durable, so an eviction right after the
      // approval loses nothing, and the person who approved gets an answer at once.
      const dueAt = Math.max(rt.now(), proposal.holdUntil ?? 0);
      await rt.timers.put(timerKey(TIMER.execute, proposal.id), TIMER.execute, dueAt, timerPayload(proposal));
      await rt.timers.cancel(timerKey(TIMER.expire, proposal.id));
      await refreshCard(rt, proposal);
      return { proposal, outcome: "scheduled", message: "Approved: running it now." };
    }
    case "rejected":
      await rt.timers.cancel(timerKey(TIMER.expire, proposal.id));
      // A rejected proposal no longer blocks the same action: the situation may have changed.
      await recordProposalFateIn(rt, proposal, "rejected");
      await rt.post(
        {
          type: "message",
          conversationId: rt.conversationId,
          text: `Proposal ${proposal.id} was rejected by ${proposal.decidedBy ?? "someone"}; nothing was done.`,
        },
        `proposal:${proposal.id}:rejected`,
      );
      await refreshCard(rt, proposal);
      return { proposal, outcome: "rejected", message: "Rejected." };
    case "pending":
      await refreshCard(rt, proposal);
      return {
        proposal,
        outcome: "waiting",
        message: `Recorded: ${proposal.approvalsReceived} of ${proposal.approvalsNeeded} approvals.`,
      };
    default:
      await refreshCard(rt, proposal);
      return { proposal, outcome: proposal.status, message: `It is ${proposal.status}.` };
  }
}

/** A chat button: `p:<id>:<verb>`, already checked to come from an approver. */
export async function pressProposalButton(
  rt: ProposalRuntime,
  tenantId: string,
  data: string,
  actor: string,
  platformMessageId: string | undefined,
): Promise<{ answer: string; proposalId?: string }> {
  const parsed = parseProposalCallback(data);
  if (!parsed) return { answer: "This button is not one of mine." };
  const { proposalId, verb } = parsed;
  const request: ProposalRequest = { verb, actor, reason: `pressed ${verb} in chat`, platformMessageId };
  // A proposal runs in its own thread (its workspace, its alarm): a card pressed elsewhere is refused.
  const owned = await getProposal(rt.db, tenantId, proposalId);
  if (!owned) return { answer: "That proposal does not exist.", proposalId };
  if (owned.threadId !== rt.threadId)
    return { answer: "That button belongs to another conversation.", proposalId };
  if (verb === "approve" || verb === "reject") {
    const decision = await decideProposal(rt.db, {
      tenantId,
      proposalId,
      approve: verb === "approve",
      actor,
      reason: request.reason,
      now: rt.now(),
      auditId: rt.ids.next("aud"),
      chain: rt.chain,
    });
    switch (decision.outcome) {
      case "not_found":
        return { answer: "That proposal does not exist.", proposalId };
      case "expired":
        await refreshCard(rt, decision.proposal, platformMessageId);
        return { answer: "That proposal expired before it was decided.", proposalId };
      case "already_voted":
        return { answer: "Your approval is already counted.", proposalId };
      case "already_decided":
        return { answer: `That proposal is already ${decision.proposal.status}.`, proposalId };
      default: {
        const done = await afterDecision(rt, decision.proposal, request);
        return { answer: done.message, proposalId };
      }
    }
  }
  const done = await afterDecision(rt, owned, request);
  return { answer: done.message, proposalId };
}

/** One timer of the lifecycle, fired by the alarm; safe to run twice. */
export async function runProposalTimer(rt: ProposalRuntime, row: ScheduleRow): Promise<void> {
  const { tenantId, proposalId } = TimerPayloadSchema.parse(row.payload);
  const proposal = await getProposal(rt.db, tenantId, proposalId);
  if (!proposal) return;
  if (row.kind === TIMER.execute) await executeProposal(rt, proposal);
  else if (row.kind === TIMER.expire) await expireIfDue(rt, proposal);
  else if (row.kind === TIMER.windowClose) await closeRollbackWindow(rt, proposal);
}

/**
 * A timer of the lifecycle out of attempts. An execution ends failed and told (execution.ts,
 * abandonExecution); an expiry or a window close that keeps failing is left as it stands, its
 * state still true (pending past its time is refused at approval; an open window is refused once
 * it has passed), and only logged by the schedules table.
 */
export async function giveUpProposalTimer(
  rt: ProposalRuntime,
  row: ScheduleRow,
  reason: string,
): Promise<void> {
  if (row.kind !== TIMER.execute) return;
  const { tenantId, proposalId } = TimerPayloadSchema.parse(row.payload);
  const proposal = await getProposal(rt.db, tenantId, proposalId);
  if (proposal) await abandonExecution(rt, proposal, reason);
}
