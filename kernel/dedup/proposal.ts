/**
 * Layer (d), proposal: the same action on the same target, still waiting for approval, is merged
 * into the waiting proposal; one executed within the window is refused, because doing it again
 * is what a human would call a mistake (a second payment, a second reminder in an hour).
 */

import { argumentsSimilarity, canonicalArgumentsText } from "./arguments";
import { windowMs } from "./config";
import { type DedupContext, describeAge, type Instant, toMillis } from "./context";
import type { DedupRecord, DedupVerdict } from "./types";

export interface NewProposal {
  tenant: string;
  id: string;
  /** The tool or action name, e.g. "send_message", "pay_supplier". */
  action: string;
  /** What it acts on, e.g. "client:acme", "invoice:INV-1042". */
  target: string;
  /** The arguments as text (use `canonicalArguments` for an object); compared after normalisation. */
  argumentsText: string;
  at: Instant;
}

const actionTargetKey = (proposal: Pick<NewProposal, "action" | "target">) =>
  `act:${proposal.action.trim().toLowerCase()}|${proposal.target.trim().toLowerCase()}`;

/**
 * Decide whether a proposal repeats a pending or recently executed one; if not, remember it as pending.
 * Call `markProposalExecuted` / `markProposalRejected` when its fate is known.
 */
export async function dedupProposal(context: DedupContext, proposal: NewProposal): Promise<DedupVerdict> {
  const { store, config } = context;
  const at = toMillis(proposal.at);
  const key = actionTargetKey(proposal);
  const argumentsText = canonicalArgumentsText(proposal.argumentsText);
  const executedWindow = windowMs(config.proposal.executedWindow);
  const sameActionAndTarget = (await store.findByKey(proposal.tenant, "proposal", key)).filter(
    (record) =>
      record.state === "pending" ||
      (record.state === "executed" && at - record.at < executedWindow && record.at <= at),
  );
  const meaning = context.words && {
    words: context.words,
    options: config.meaning,
    threshold: config.proposal.argsMeaning,
    sharedIdentifierThreshold: config.proposal.sharedIdentifierArgsMeaning,
    sameScore: config.proposal.argsJaccard,
  };
  let similar: { record: DedupRecord; score: number } | undefined;
  for (const record of sameActionAndTarget) {
    const score = argumentsSimilarity(argumentsText, record.text ?? "", meaning);
    if (score >= config.proposal.argsJaccard && (!similar || score > similar.score))
      similar = { record, score };
  }
  if (!similar) {
    await store.put({
      tenant: proposal.tenant,
      layer: "proposal",
      id: proposal.id,
      keys: [key],
      entity: proposal.target,
      // Kept canonical, not normalised: arguments are compared one by one (arguments.ts).
      text: argumentsText,
      state: "pending",
      at,
    });
    return {
      duplicate: false,
      layer: "proposal",
      reason: `no pending or recently executed ${proposal.action} on ${proposal.target} with the same arguments`,
    };
  }

  const { record, score } = similar;
  const how =
    score === 1
      ? "the same arguments"
      : `similar arguments (least argument similarity ${score.toFixed(2)} ≥ ${config.proposal.argsJaccard})`;
  if (record.state === "executed") {
    return {
      duplicate: true,
      layer: "proposal",
      of: record.id,
      score,
      action: "refuse",
      reason: `${proposal.action} on ${proposal.target} with ${how} was executed as ${record.id} ${describeAge(at - record.at)} ago, within the ${config.proposal.executedWindow} window`,
    };
  }
  return {
    duplicate: true,
    layer: "proposal",
    of: record.id,
    score,
    action: "merge",
    reason: `${proposal.action} on ${proposal.target} with ${how} is already waiting for approval as ${record.id}`,
  };
}

/** Record that a proposal ran at `at`; for the executed window, time counts from execution. */
export async function markProposalExecuted(
  context: DedupContext,
  tenant: string,
  proposalId: string,
  at: Instant,
): Promise<void> {
  await context.store.setState(tenant, "proposal", proposalId, "executed", toMillis(at));
}

/** A rejected or expired proposal no longer blocks a new one: the situation may have changed. */
export async function markProposalRejected(
  context: DedupContext,
  tenant: string,
  proposalId: string,
): Promise<void> {
  await context.store.setState(tenant, "proposal", proposalId, "rejected");
}
