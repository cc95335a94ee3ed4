/** Where a proposal's chat card is: the platform message id the outbox recorded when it was sent. */
import { and, eq } from "drizzle-orm";
import type { OutboundPayload } from "../../channels/message";
import type { Database } from "../client";
import { outbox } from "../schema";

export async function sentMessageId(db: Database, tenantId: string, idempotencyKey: string) {
  const [row] = await db
    .select({ id: outbox.platformMessageId })
    .from(outbox)
    .where(and(eq(outbox.tenantId, tenantId), eq(outbox.idempotencyKey, idempotencyKey)))
    .limit(1);
  return row?.id ?? null;
}

/**
 * The button data of what Cairn sent as one chat message (the card and its later edits), found
 * by the message's platform id in that conversation: how a reaction on a card finds its proposal.
 * The channel and status narrow the scan to this tenant's delivered sends.
 */
export async function sentButtonData(
  db: Database,
  target: { tenantId: string; channelId: string; conversationId: string; platformMessageId: string },
): Promise<string[]> {
  const rows = await db
    .select({ payload: outbox.payload })
    .from(outbox)
    .where(
      and(
        eq(outbox.tenantId, target.tenantId),
        eq(outbox.status, "sent"),
        eq(outbox.channelId, target.channelId),
        eq(outbox.platformMessageId, target.platformMessageId),
      ),
    );
  return rows.flatMap(({ payload }) => {
    const sent = payload as OutboundPayload;
    if (sent.type === "callback_answer" || sent.conversationId !== target.conversationId) return [];
    return (sent.buttons ?? []).flat().map((button) => button.data);
  });
}
