/**
 * Carrying out a proposal: execute it exactly once, undo it while its window is open, close the
 * window, expire it. Every move is a conditional UPDATE on status and version (db/queries/
 * proposals.ts), so of two racing callers — two approvals, an alarm and a button — exactly one
 * acts. Every effect is keyed by the proposal's idempotency key, so an execution resumed after
 * eviction repeats nothing that already happened.
 */

import { insertAuditEntries } from "../../db/queries/audit";
import {
  getProposal,
  type ProposalRow,
  transitionProposal,
  updateProposalFields,
} from "../../db/queries/proposals";
import { log } from "../../kernel/log";
import { isMcpToolName } from "../../kernel/mcp";
import { findTool } from "../../tools/registry";
import { isReversible, type Snapshot } from "../../tools/types";
import { authorizeToolCall } from "../turn/tool-authorization";
import { expireProposal } from "./decisions";
import {
  type ProposalRuntime,
  recordProposalFateIn,
  refreshCard,
  TIMER,
  timerKey,
  timerPayload,
} from "./proposal-runtime";

/** Executions under way in this isolate: an alarm and a turn must not run the same one at once. */
const inFlight = new Set<string>();

const InverseKey = "snapshot";

function audit(rt: ProposalRuntime, actor: string, reason: string, detail?: Record<string, unknown>) {
  return {
    id: rt.ids.next("aud"),
    actor,
    reason,
    at: rt.now(),
    chain: rt.chain,
    ...(detail ? { detail } : {}),
  };
}

/**
 * Runs an approved proposal (or resumes one left `executing` by an evicted object). A held one
 * whose hold has not ended is left for its timer.
 */
export async function executeProposal(rt: ProposalRuntime, proposal: ProposalRow): Promise<ProposalRow> {
  if (inFlight.has(proposal.id)) return proposal;
  const now = rt.now();
  let claimed: ProposalRow | null = null;
  if (proposal.status === "approved") {
    if (proposal.holdUntil !== null && now < proposal.holdUntil) {
      await rt.timers.put(
        timerKey(TIMER.execute, proposal.id),
        TIMER.execute,
        proposal.holdUntil,
        timerPayload(proposal),
      );
      return proposal;
    }
    claimed = await transitionProposal(
      rt.db,
      proposal.tenantId,
      proposal.id,
      ["approved"],
      "executing",
      audit(rt, "system", `executing once under key ${proposal.idempotencyKey}`),
    );
    if (!claimed) return (await getProposal(rt.db, proposal.tenantId, proposal.id)) ?? proposal;
  } else if (proposal.status === "executing") {
    claimed = proposal;
    log("warn", "proposal.resumed", { tenant: proposal.tenantId, proposal: proposal.id });
  } else {
    return proposal;
  }

  inFlight.add(proposal.id);
  try {
    return await runClaimed(rt, claimed);
  } finally {
    inFlight.delete(proposal.id);
  }
}

async function runClaimed(rt: ProposalRuntime, proposal: ProposalRow): Promise<ProposalRow> {
  // The policy may have changed since the proposal was made: an approval lifts an "ask",
  // never a "deny".
  const policy = await rt.policyFor(proposal.agentId);
  const baseContext = rt.toolContext(proposal, proposal.idempotencyKey ?? `exec_${proposal.id}`, policy);
  // An MCP tool is found in the server's list as it is now: a tool renamed or removed since the
  // proposal was made is refused at execution, and its current schema checks the input again.
  const context =
    isMcpToolName(proposal.tool) && rt.mcpCatalogue
      ? { ...baseContext, mcp: await rt.mcpCatalogue(proposal.agentId, policy) }
      : baseContext;
  const checked = authorizeToolCall(policy, { name: proposal.tool, input: proposal.input }, context);
  let ok = false;
  let output: string;
  let reversible = false;
  if (!checked.decision || !checked.tool) {
    output = checked.error ?? "the proposal's tool is unavailable";
  } else if (checked.decision.effect === "deny") {
    output = `denied at execution by ${checked.decision.rule}: ${checked.decision.reason}`;
  } else {
    try {
      reversible = isReversible(checked.tool, checked.input);
      // The snapshot is recorded before the effect; a resumed execution keeps the first one.
      if (reversible && proposal.inverse === null) {
        const snapshot: Snapshot = checked.tool.snapshot
          ? await checked.tool.snapshot(checked.input, context)
          : null;
        await updateProposalFields(rt.db, proposal.tenantId, proposal.id, "executing", {
          inverse: { [InverseKey]: snapshot },
        });
      }
      const result = await checked.tool.execute(checked.input, context);
      ok = result.ok;
      output = result.output;
    } catch (error) {
      output = `execution failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  const now = rt.now();
  const windowEndsAt = ok && reversible && proposal.windowMs ? now + proposal.windowMs : null;
  const finished = await transitionProposal(
    rt.db,
    proposal.tenantId,
    proposal.id,
    ["executing"],
    ok ? "executed" : "failed",
    audit(rt, `agent:${proposal.agentId}`, ok ? "executed" : "execution failed", {
      ok,
      output: output.slice(0, 2000),
    }),
    {
      executedAt: now,
      result: { ok, output },
      windowEndsAt,
      ...(windowEndsAt === null ? { inverse: null } : {}),
    },
  );
  await rt.timers.cancel(timerKey(TIMER.execute, proposal.id));
  if (!finished) return (await getProposal(rt.db, proposal.tenantId, proposal.id)) ?? proposal;
  // Executed: the same action on the same target is refused for a while. Failed: it may be retried.
  await recordProposalFateIn(rt, finished, ok ? "executed" : "rejected");
  if (windowEndsAt !== null)
    await rt.timers.put(
      timerKey(TIMER.windowClose, proposal.id),
      TIMER.windowClose,
      windowEndsAt,
      timerPayload(finished),
    );
  log("info", "proposal.executed", { tenant: proposal.tenantId, proposal: proposal.id, ok });
  if (finished.mode === "require_approval") {
    await rt.post(
      {
        type: "message",
        conversationId: rt.conversationId,
        text: `Proposal ${proposal.id} (approved by ${proposal.decidedBy}) ran:\n${output}`,
      },
      `proposal:${proposal.id}:result`,
    );
  }
  await refreshCard(rt, finished);
  return finished;
}

/**
 * An execution out of attempts (durable-objects/schedules.ts): marked failed with the reason, so
 * it no longer sits approved or executing with nothing left to finish it, and the conversation is
 * told once. When the attempts were cut short rather than failed, whether the effect happened is
 * unknown, and the message says so. Returns the failed proposal, or null if it had moved on.
 */
export async function abandonExecution(
  rt: ProposalRuntime,
  proposal: ProposalRow,
  reason: string,
): Promise<ProposalRow | null> {
  const unknownEffect = proposal.status === "executing";
  const output = unknownEffect
    ? `gave up after its attempts (${reason}); it may have run in part, check by hand`
    : `gave up after its attempts (${reason}); it did not run`;
  const failed = await transitionProposal(
    rt.db,
    proposal.tenantId,
    proposal.id,
    ["approved", "executing"],
    "failed",
    audit(rt, "system", "execution gave up", { ok: false, output }),
    { result: { ok: false, output }, inverse: null },
  );
  if (!failed) return null;
  log("error", "proposal.gave_up", { tenant: proposal.tenantId, proposal: proposal.id, reason });
  await recordProposalFateIn(rt, failed, "rejected");
  await rt.post(
    {
      type: "message",
      conversationId: rt.conversationId,
      text: `Proposal ${proposal.id} could not be executed: ${output}. Nothing more will be tried; ask again if it is still needed.`,
    },
    `proposal:${proposal.id}:gave_up`,
  );
  await refreshCard(rt, failed);
  return failed;
}

export type RollbackOutcome =
  | { outcome: "rolled_back" | "rollback_failed"; proposal: ProposalRow; output: string }
  | { outcome: "refused"; proposal: ProposalRow; reason: string };

/** Undoes an executed proposal while its window is open; a clear refusal otherwise. */
export async function rollbackProposal(
  rt: ProposalRuntime,
  proposal: ProposalRow,
  actor: string,
  reason: string,
): Promise<RollbackOutcome> {
  const now = rt.now();
  const refuse = (why: string): RollbackOutcome => ({ outcome: "refused", proposal, reason: why });
  if (proposal.status !== "executed") return refuse(`it is ${proposal.status}, not executed`);
  if (!proposal.reversible) return refuse(`${proposal.tool} cannot be undone`);
  if (proposal.windowEndsAt === null || proposal.inverse === null || now >= proposal.windowEndsAt)
    return refuse(
      proposal.windowEndsAt
        ? `the rollback window closed at ${new Date(proposal.windowEndsAt).toISOString()}`
        : "it has no rollback window",
    );
  const tool = findTool(proposal.tool);
  const input = tool?.input.safeParse(proposal.input);
  if (!tool?.inverse || !input?.success) return refuse(`${proposal.tool} has no inverse`);

  const claimed = await transitionProposal(
    rt.db,
    proposal.tenantId,
    proposal.id,
    ["executed"],
    "rolling_back",
    audit(rt, actor, reason),
  );
  if (!claimed) {
    const latest = (await getProposal(rt.db, proposal.tenantId, proposal.id)) ?? proposal;
    return { outcome: "refused", proposal: latest, reason: `it is already ${latest.status}` };
  }
  const policy = await rt.policyFor(claimed.agentId);
  const context = rt.toolContext(claimed, claimed.idempotencyKey ?? `exec_${claimed.id}`, policy);
  const snapshot = ((claimed.inverse ?? {}) as Record<string, Snapshot>)[InverseKey] ?? null;
  let ok = false;
  let output: string;
  inFlight.add(claimed.id);
  try {
    const result = await tool.inverse(input.data, snapshot, context);
    ok = result.ok;
    output = result.output;
  } catch (error) {
    output = `rollback failed: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    inFlight.delete(claimed.id);
  }
  const finished = await transitionProposal(
    rt.db,
    claimed.tenantId,
    claimed.id,
    ["rolling_back"],
    ok ? "rolled_back" : "rollback_failed",
    audit(rt, actor, ok ? "rolled back" : "rollback failed", { output: output.slice(0, 2000) }),
    { inverse: null, result: { ...(claimed.result as object), rollback: { ok, output } } },
  );
  await rt.timers.cancel(timerKey(TIMER.windowClose, claimed.id));
  // Undone: doing it again is no longer a repeat.
  if (finished && ok) await recordProposalFateIn(rt, finished, "rejected");
  const latest = finished ?? claimed;
  await refreshCard(rt, latest);
  return { outcome: ok ? "rolled_back" : "rollback_failed", proposal: latest, output };
}

/** The window closed: the undo is discarded; a later rollback request is refused. */
export async function closeRollbackWindow(rt: ProposalRuntime, proposal: ProposalRow): Promise<void> {
  const now = rt.now();
  if (proposal.status === "rolling_back" && !inFlight.has(proposal.id)) {
    // A rollback cut off by an eviction: whether its inverse ran is unknown, and running it again
    // is not safe (it checks versions it may itself have moved). Say so rather than wait forever.
    const settled = await transitionProposal(
      rt.db,
      proposal.tenantId,
      proposal.id,
      ["rolling_back"],
      "rollback_failed",
      audit(rt, "system", "the rollback was interrupted; its outcome is unknown, check by hand"),
      { inverse: null },
    );
    if (settled) await refreshCard(rt, settled);
    return;
  }
  if (proposal.status !== "executed" || proposal.inverse === null) return;
  if (proposal.windowEndsAt !== null && now < proposal.windowEndsAt) {
    await rt.timers.put(
      timerKey(TIMER.windowClose, proposal.id),
      TIMER.windowClose,
      proposal.windowEndsAt,
      timerPayload(proposal),
    );
    return;
  }
  const closed = await updateProposalFields(rt.db, proposal.tenantId, proposal.id, "executed", {
    inverse: null,
  });
  if (!closed) return;
  await insertAuditEntries(
    rt.db,
    [
      {
        id: `aud_window_${proposal.id}`,
        tenantId: proposal.tenantId,
        at: now,
        actor: "system",
        action: "proposal.window_closed",
        subjectType: "proposal",
        subjectId: proposal.id,
        threadId: proposal.threadId,
        agentId: proposal.agentId,
        detail: { reason: "the rollback window closed; the undo was discarded" },
      },
    ],
    rt.chain,
  );
  await refreshCard(rt, closed);
}

/** A pending proposal nobody decided in time. */
export async function expireIfDue(rt: ProposalRuntime, proposal: ProposalRow): Promise<void> {
  if (proposal.status !== "pending") return;
  if (rt.now() <= proposal.expiresAt) {
    await rt.timers.put(
      timerKey(TIMER.expire, proposal.id),
      TIMER.expire,
      proposal.expiresAt + 1,
      timerPayload(proposal),
    );
    return;
  }
  const expired = await expireProposal(rt.db, proposal, rt.now(), rt.ids.next("aud"), rt.chain);
  if (!expired) return;
  await recordProposalFateIn(rt, expired, "rejected");
  await refreshCard(rt, expired);
}
