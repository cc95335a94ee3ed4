/**
 * `/thread` in chat: the current thread in a few lines — what it is about, what it links to, its
 * current facts, the summary's latest lines, open tasks and proposals, and the agents working in
 * it. "/thread Acme" or "/thread INV-1042" shows that thread instead, because resolution files the
 * command under what it names.
 */
import type { Database } from "../../db/client";
import { openProposalsOfThread, openTasksOfThread } from "../../db/queries/context-memory";
import { threadRecords } from "../../db/queries/context-threads";
import type { ThreadSnapshot } from "./thread-operations";

const MAX_FACTS = 8;
const MAX_SUMMARY_LINES = 4;

export async function describeThread(
  db: Database,
  tenantId: string,
  threadId: string,
  snapshot: ThreadSnapshot,
): Promise<string> {
  const [[record], tasks, proposals] = await Promise.all([
    threadRecords(db, tenantId, [threadId]),
    openTasksOfThread(db, tenantId, threadId, 5),
    openProposalsOfThread(db, tenantId, threadId, 5),
  ]);
  const lines = [
    `Thread: ${record?.title ?? threadId} (${record?.kind ?? "conversation"}), ${snapshot.messageCount} messages`,
  ];
  if (record?.parentThreadId) lines.push(`Belongs to: ${record.parentThreadId}`);
  if (record?.linkedThreadIds.length) lines.push(`Related: ${record.linkedThreadIds.join(", ")}`);
  if (snapshot.facts.length > 0) {
    lines.push("Facts:");
    for (const fact of snapshot.facts.slice(0, MAX_FACTS)) {
      const was = fact.history.at(-1);
      lines.push(
        `- ${fact.attribute.replaceAll("_", " ")}: ${fact.current.value}${was ? ` (was ${was.value})` : ""}`,
      );
    }
  }
  if (snapshot.summary) {
    lines.push(`Summary (${snapshot.summary.coveredMessageCount} earlier messages):`);
    lines.push(...snapshot.summary.text.split("\n").slice(-MAX_SUMMARY_LINES));
  }
  if (tasks.length > 0)
    lines.push(`Open tasks: ${tasks.map((t) => `${t.id} ${t.title} (${t.status})`).join("; ")}`);
  if (proposals.length > 0)
    lines.push(`Open proposals: ${proposals.map((p) => `${p.id} ${p.tool} (${p.status})`).join("; ")}`);
  if (snapshot.agents.length > 0) lines.push(`Agents: ${snapshot.agents.map((a) => a.agentId).join(", ")}`);
  return lines.join("\n").slice(0, 4_000);
}
