import { buildBm25Index } from "../kernel/context/bm25";
import { estimateTokens } from "../kernel/context/tokens";
import type { ThreadMessage } from "../kernel/memory/tiers";

/**
 * The two baselines of the context-eval benchmark, packed the way Cairn packs: the same header,
 * the same message lines and the same token estimator, greedily under the same budget. Only the
 * choice of messages differs.
 * - BM25 only: every message ranked by plain BM25 against the question (ties: newest first).
 * - Recent window: the newest messages that fit.
 */

export interface BaselinePrompt {
  included: string[];
  tokens: number;
}

const day = (m: ThreadMessage) => new Date(m.at).toISOString().slice(0, 10);
const line = (m: ThreadMessage) => `${m.author}: ${m.text}\n`;
const heading = (m: ThreadMessage) => `### ${day(m)}\n`;

function pack(
  ordered: readonly ThreadMessage[],
  budgetTokens: number,
  question: string,
  title: string,
): BaselinePrompt {
  const fixed = `# Thread: ${title} (conversation)\n## Messages\n## Current message\n[user] ${question}\n`;
  let remaining = budgetTokens - estimateTokens(fixed);
  const kept: ThreadMessage[] = [];
  const days = new Set<string>();
  for (const message of ordered) {
    // Messages are grouped under one heading per day, as Cairn renders them.
    const opens = !days.has(day(message));
    const cost = estimateTokens(line(message)) + (opens ? estimateTokens(heading(message)) : 0);
    if (cost > remaining) continue;
    remaining -= cost;
    kept.push(message);
    days.add(day(message));
  }
  let lastDay = "";
  const body = [...kept]
    .sort((a, b) => a.at - b.at)
    .map((m) => {
      const open = day(m) === lastDay ? "" : heading(m);
      lastDay = day(m);
      return `${open}${line(m)}`;
    })
    .join("");
  return { included: kept.map((m) => m.id), tokens: estimateTokens(fixed + body) };
}

export function bm25OnlyPrompt(
  history: readonly ThreadMessage[],
  question: string,
  budgetTokens: number,
  title: string,
): BaselinePrompt {
  const scores = buildBm25Index(history.map((m) => m.text)).score(question);
  const order = history
    .map((message, i) => ({ message, score: scores[i]!, i }))
    .sort((a, b) => b.score - a.score || b.i - a.i)
    .map((entry) => entry.message);
  return pack(order, budgetTokens, question, title);
}

export function recentWindowPrompt(
  history: readonly ThreadMessage[],
  question: string,
  budgetTokens: number,
  title: string,
): BaselinePrompt {
  return pack([...history].reverse(), budgetTokens, question, title);
}
