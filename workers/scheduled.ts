/**
 * The cron trigger: self-healing for the two things a lost message could leave behind —
 * outbox rows whose queue message never arrived, and agent loops whose alarm is not armed.
 * These sweeps run across tenants by design; every write they cause is tenant-scoped again.
 */

import { eq } from "drizzle-orm";
import type { OutboundQueueMessage } from "../channels/queue-messages";
import { database } from "../db/client";
import { listStalePending } from "../db/queries/outbox";
import { agents } from "../db/schema";
import { agentLoopStub } from "../durable-objects/stubs";
import { log } from "../kernel/log";

const STALE_AFTER_MS = 10 * 60_000;

export async function runScheduledSweep(env: Env, now: number): Promise<{ requeued: number; loops: number }> {
  const db = database(env.DB);
  const stale = await listStalePending(db, now - STALE_AFTER_MS, 100);
  for (const row of stale) {
    const message: OutboundQueueMessage = { tenantId: row.tenantId, outboxId: row.id };
    await env.OUTBOUND_QUEUE.send(message, { contentType: "json" });
  }
  const enabled = await db
    .select({ tenantId: agents.tenantId, id: agents.id })
    .from(agents)
    .where(eq(agents.enabled, true));
  for (const agent of enabled)
    await agentLoopStub(env, agent.tenantId, agent.id).ensureScheduled(agent.tenantId, agent.id);
  log("info", "sweep.done", { requeued: stale.length, loops: enabled.length });
  return { requeued: stale.length, loops: enabled.length };
}
