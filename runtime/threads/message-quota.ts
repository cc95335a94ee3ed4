/**
 * A new message as the thread stores it: counted in the tenant's usage, then checked against the
 * tenant's messages-per-day quota (kernel/tenancy/quotas.ts). Past the quota, the message is kept
 * in the thread (the next turn's model sees it) and audited, its turn is not run (no model is
 * called), and the conversation is told once a day: nothing is dropped silently. Button presses
 * and reactions are not refused: deciding a pending proposal costs no model and must stay possible.
 */
import type { InboundMessage, OutboundPayload } from "../../channels/message";
import type { Database } from "../../db/client";
import { getTenant } from "../../db/queries/tenancy";
import { countUsage, type UsageCounts, usageOnDay, utcDay } from "../../db/queries/usage";
import { log } from "../../kernel/log";
import { overQuota, quotasOf } from "../../kernel/tenancy/quotas";
import type { AuditBuffer } from "../turn/audit-buffer";

export interface MessageQuotaDeps {
  db: Database;
  now: number;
  audit: AuditBuffer;
  /** Posts to the conversation through the outbox; the key makes a repeat a no-op. */
  send: (payload: OutboundPayload, key: string) => Promise<void>;
}

/** Usage counters (db/queries/usage.ts): a failure is logged, never the work's failure. */
export async function meterUsage(db: Database, tenantId: string, now: number, counts: UsageCounts) {
  try {
    return await countUsage(db, tenantId, now, counts);
  } catch (error) {
    log("warn", "usage.count_failed", { tenant: tenantId, counts, error: String(error) });
    return null;
  }
}

/**
 * Counts a newly stored message; true when the quota refused its turn (and said so), false when
 * the turn may run.
 */
export async function admitNewMessage(
  deps: MessageQuotaDeps,
  threadId: string,
  inbound: InboundMessage,
): Promise<boolean> {
  const totals = await meterUsage(deps.db, inbound.tenantId, deps.now, { messages_received: 1 });
  if (inbound.callback || inbound.reaction) return false;
  const limit = quotasOf((await getTenant(deps.db, inbound.tenantId))?.quotas).messagesPerDay;
  if (limit === undefined) return false;
  const day = utcDay(deps.now);
  // The count the metering just answered; read on its own only when the metering failed.
  const used =
    totals?.messages_received ?? (await usageOnDay(deps.db, inbound.tenantId, day, "messages_received"));
  if (!overQuota(limit, used)) return false;
  deps.audit.add({
    actor: "system",
    action: "quota.messages_reached",
    subjectType: "message",
    subjectId: inbound.dedupKey,
    detail: { day, limit, used },
  });
  await deps.audit.flush(deps.db);
  await deps.send(
    {
      type: "message",
      conversationId: inbound.conversationId,
      text: `This workspace has reached its limit of ${limit} messages for today (UTC). Your message is kept, but I will not answer until tomorrow; the workspace's owner can raise the limit.`,
    },
    `quota:messages:${day}:${threadId}`,
  );
  return true;
}
