/**
 * The cron trigger: self-healing for what a lost message could leave behind — outbox rows whose
 * queue message never arrived, agent loops whose alarm is not armed, and events parked for a
 * tenant that is active again (parked by a webhook that read the old status while it resumed).
 * These sweeps run across tenants by design; every write they cause is tenant-scoped again.
 */

import { eq } from "drizzle-orm";
import type { OutboundQueueMessage } from "../channels/queue-messages";
import { database } from "../db/client";
import { listStalePending } from "../db/queries/outbox";
import { tenantsWithParkedEvents } from "../db/queries/tenancy";
import { agents } from "../db/schema";
import { agentLoopStub } from "../durable-objects/stubs";
import { log } from "../kernel/log";
import { queueParkedEvents } from "../runtime/tenancy/parked-events";

const STALE_AFTER_MS = 10 * 60_000;

/** Tenants, and their parked events, one sweep queues at most. */
const PARKED_TENANTS = 20;
const PARKED_PER_TENANT = 1_000;

export async function runScheduledSweep(
  env: Env,
  now: number,
): Promise<{ requeued: number; loops: number; unparked: number }> {
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
  let unparked = 0;
  for (const tenantId of await tenantsWithParkedEvents(db, "active", PARKED_TENANTS))
    unparked += await queueParkedEvents(db, env.INBOUND_QUEUE, tenantId, PARKED_PER_TENANT);
  log("info", "sweep.done", { requeued: stale.length, loops: enabled.length, unparked });
  return { requeued: stale.length, loops: enabled.length, unparked };
}
