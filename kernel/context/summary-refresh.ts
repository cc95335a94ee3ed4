import type { ThreadMessage, ThreadSummary } from "../memory/tiers";
import { estimateTokens as estimateTokensHonestly, type TokenEstimator } from "./tokens";

/**
 * When a thread's unsummarised tail grows past a threshold, its older part is folded into the
 * rolling summary. Incremental: the summariser sees the previous summary and only the messages
 * being folded, never the whole history, so the cost of a refresh does not grow with the thread.
 * The summariser is injected so the worker can route it to the cheapest adequate model tier.
 */

export interface SummaryRefreshPolicy {
  /** Refresh once the unsummarised tail has more messages than this… */
  maxUnsummarisedMessages: number;
  /** …or more estimated tokens than this. */
  maxUnsummarisedTokens: number;
  /** The newest messages stay verbatim after a refresh (the model reads them word for word). */
  keepRecentMessages: number;
}

export const DEFAULT_SUMMARY_POLICY: SummaryRefreshPolicy = {
  maxUnsummarisedMessages: 40,
  maxUnsummarisedTokens: 2_000,
  keepRecentMessages: 12,
};

export type SummaryRefreshPlan =
  | { refresh: false; reason: string }
  | { refresh: true; fold: ThreadMessage[]; keep: ThreadMessage[]; reason: string };

/** The messages after the last one the summary covers, in time order. */
export function unsummarisedMessages(
  messages: readonly ThreadMessage[],
  summary: ThreadSummary | undefined,
): ThreadMessage[] {
  const ordered = [...messages].sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
  if (!summary?.coversThroughMessageId) return ordered;
  const index = ordered.findIndex((message) => message.id === summary.coversThroughMessageId);
  return index === -1 ? ordered : ordered.slice(index + 1);
}

/**
 * @example
 * const plan = planSummaryRefresh(unsummarisedMessages(messages, summary));
 * if (plan.refresh) summary = await refreshSummary({ summary, plan, summarise, now, threadId });
 */
export function planSummaryRefresh(
  tail: readonly ThreadMessage[],
  policy: SummaryRefreshPolicy = DEFAULT_SUMMARY_POLICY,
  estimateTokens: TokenEstimator = estimateTokensHonestly,
): SummaryRefreshPlan {
  const tokens = tail.reduce((sum, message) => sum + estimateTokens(message.text), 0);
  const overCount = tail.length > policy.maxUnsummarisedMessages;
  const overTokens = tokens > policy.maxUnsummarisedTokens;
  if (!overCount && !overTokens) {
    return { refresh: false, reason: `${tail.length} messages, ${tokens} tokens: under the threshold` };
  }
  const keepCount = Math.min(policy.keepRecentMessages, tail.length);
  const fold = tail.slice(0, tail.length - keepCount);
  if (fold.length === 0) {
    return { refresh: false, reason: "everything over the threshold is among the messages kept verbatim" };
  }
  const why = overCount
    ? `${tail.length} > ${policy.maxUnsummarisedMessages} messages`
    : `${tokens} > ${policy.maxUnsummarisedTokens} tokens`;
  return {
    refresh: true,
    fold,
    keep: tail.slice(tail.length - keepCount),
    reason: `${why}; fold ${fold.length}`,
  };
}

export interface SummariserInput {
  threadId: string;
  previousSummary: string;
  messages: ThreadMessage[];
}

/** Writes the new summary from the previous one and the folded messages (a cheap model call). */
export type Summariser = (input: SummariserInput) => Promise<string>;

export async function refreshSummary(args: {
  threadId: string;
  summary: ThreadSummary | undefined;
  plan: Extract<SummaryRefreshPlan, { refresh: true }>;
  summarise: Summariser;
  now: number;
}): Promise<ThreadSummary> {
  const { plan, summary } = args;
  const last = plan.fold.at(-1)!;
  const text = await args.summarise({
    threadId: args.threadId,
    previousSummary: summary?.text ?? "",
    messages: plan.fold,
  });
  return {
    threadId: args.threadId,
    text,
    coversThroughMessageId: last.id,
    coveredMessageCount: (summary?.coveredMessageCount ?? 0) + plan.fold.length,
    updatedAt: args.now,
  };
}
