/**
 * A tenant's messages-per-day quota (kernel/tenancy/quotas.ts), checked when a thread stores a
 * new message. Past it, the message is kept in the thread (the next turn's model sees it) and
 * audited, its turn is not run (no model is called), and the conversation is told once a day:
 * nothing is dropped silently. Button presses and reactions are not refused: deciding a pending
 * proposal costs no model and must stay possible.
 */
import type { InboundMessage, OutboundPayload } from "../../channels/message";
import type { Database } from "../../db/client";
import { tenantQuotasAndUsage } from "../../db/queries/tenancy";
import { utcDay } from "../../db/queries/usage";
import { overQuota, quotasOf } from "../../kernel/tenancy/quotas";
import type { AuditBuffer } from "../turn/audit-buffer";

export interface MessageQuotaDeps {
  db: Database;
  now: number;
  audit: AuditBuffer;
  /** Posts to the conversation through the outbox; the key makes a repeat a no-op. */
  send: (payload: OutboundPayload, key: string) => Promise<void>;
}

/** True when the quota refused the message's turn (and said so); false when the turn may run. */
export async function refusedByMessageQuota(
  deps: MessageQuotaDeps,
  threadId: string,
  inbound: InboundMessage,
): Promise<boolean> {
  if (inbound.callback || inbound.reaction) return false;
  const day = utcDay(deps.now);
  const { quotas, used } = await tenantQuotasAndUsage(deps.db, inbound.tenantId, day, "messages_received");
  const limit = quotasOf(quotas).messagesPerDay;
  if (limit === undefined || !overQuota(limit, used)) return false;
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
