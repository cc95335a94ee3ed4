/**
 * D1 reads for a thread's memory tiers that other areas own: its open tasks and proposals (by
 * thread id) and the agent's reflections from its cycles (memory tier 5). Tenant-scoped.
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Database } from "../client";
import { proposals, tasks } from "../schema";
import { agentCycles } from "../schema-tasks";

const OPEN_TASK = ["new", "claimed", "in_progress", "blocked", "review"] as const;
const OPEN_PROPOSAL = ["draft", "pending", "approved", "executing"] as const;

export async function openTasksOfThread(db: Database, tenantId: string, threadId: string, limit = 20) {
  return db
    .select({
      id: tasks.id,
      title: tasks.title,
      status: tasks.status,
      ownerAgentId: tasks.ownerAgentId,
      dueAt: tasks.dueAt,
    })
    .from(tasks)
    .where(
      and(eq(tasks.tenantId, tenantId), eq(tasks.threadId, threadId), inArray(tasks.status, [...OPEN_TASK])),
    )
    .orderBy(desc(tasks.updatedAt))
    .limit(limit);
}

export async function openProposalsOfThread(db: Database, tenantId: string, threadId: string, limit = 20) {
  return db
    .select({
      id: proposals.id,
      tool: proposals.tool,
      status: proposals.status,
      reason: proposals.reason,
      agentId: proposals.agentId,
    })
    .from(proposals)
    .where(
      and(
        eq(proposals.tenantId, tenantId),
        eq(proposals.threadId, threadId),
        inArray(proposals.status, [...OPEN_PROPOSAL]),
      ),
    )
    .orderBy(desc(proposals.createdAt))
    .limit(limit);
}

/** The agent's latest cycle reflections that say something (worked or failed), newest first. */
export async function agentReflections(db: Database, tenantId: string, agentId: string, limit = 5) {
  const rows = await db
    .select({
      id: agentCycles.id,
      worked: agentCycles.worked,
      failed: agentCycles.failed,
      at: agentCycles.finishedAt,
    })
    .from(agentCycles)
    .where(and(eq(agentCycles.tenantId, tenantId), eq(agentCycles.agentId, agentId)))
    .orderBy(desc(agentCycles.slot))
    .limit(limit * 3);
  return rows
    .filter((row) => row.worked.trim() !== "" || row.failed.trim() !== "")
    .slice(0, limit)
    .map((row) => ({
      id: row.id,
      agentId,
      text: [
        row.worked.trim() && `Worked: ${row.worked.trim()}`,
        row.failed.trim() && `Failed: ${row.failed.trim()}`,
      ]
        .filter(Boolean)
        .join(" "),
      at: row.at,
    }));
}
