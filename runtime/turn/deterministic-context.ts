/**
 * What the T0 handlers may read, from D1: health of the pieces a turn depends on, the status
 * of a proposal or task by id, and the tenant's open tasks. No model, no cost. (The chat's
 * reminders are the thread's own; thread-host.ts adds them.)
 */
import type { Database } from "../../db/client";
import { getProposal } from "../../db/queries/proposals";
import { getTask, listTasks, OPEN_TASK_STATUSES } from "../../db/queries/tasks";
import type { DeterministicContext } from "../../kernel/routing/deterministic-handlers";

export function deterministicContextFor(
  db: Database,
  d1: D1Database,
  tenantId: string,
): Omit<DeterministicContext, "now" | "utcOffsetMinutes" | "listReminders"> {
  return {
    async health() {
      const database = await d1
        .prepare("SELECT 1 AS ok")
        .first<{ ok: number }>()
        .then((row) => (row?.ok === 1 ? "ok" : "degraded"))
        .catch(() => "down");
      // Answering at all means the gateway, the inbound queue and this thread are up.
      return { gateway: "ok", queue: "ok", thread: "ok", database };
    },
    async lookupStatus(id) {
      const proposal = await getProposal(db, tenantId, id);
      if (proposal) return { kind: "proposal", status: proposal.status };
      const task = await getTask(db, tenantId, id);
      return task ? { kind: "task", status: task.status } : undefined;
    },
    async listOpenTasks() {
      const open: { id: string; title: string }[] = [];
      for (const status of OPEN_TASK_STATUSES) {
        for (const task of await listTasks(db, tenantId, { status, limit: 20 }))
          open.push({ id: task.id, title: task.title });
      }
      return open.slice(0, 20);
    },
  };
}
