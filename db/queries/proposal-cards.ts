/** Where a proposal's chat card is: the platform message id the outbox recorded when it was sent. */
import { and, desc, eq, sql } from "drizzle-orm";
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
 * The buttons a chat message of Cairn's shows now: those of its latest delivered send (the card,
 * or the last edit of it), found by the message's platform id in that conversation. How a
 * reaction on a card finds its proposal, and what the card offers at this moment (approve and
 * reject while pending, cancel in the undo window, roll back in the rollback window, nothing once
 * settled). Indexed by (tenant, channel, platform message id): only that message's sends are read.
 */
/** The part of a stored OutboundPayload (channels/message.ts) this lookup reads. */
interface StoredSend {
  type: string;
  conversationId?: string;
  buttons?: Array<Array<{ data: string }>>;
}

export async function sentButtonData(
  db: Database,
  target: { tenantId: string; channelId: string; conversationId: string; platformMessageId: string },
): Promise<string[]> {
  // Newest first (sentAt, then insertion order: an edit is always written after the card it edits).
  for (const { payload } of await sentMessageRows(db, target)) {
    const sent = payload as StoredSend;
    if (sent.type !== "callback_answer" && sent.conversationId === target.conversationId)
      return (sent.buttons ?? []).flat().map((button) => button.data);
  }
  return [];
}

/** The query behind sentButtonData, on its own so a test can check its plan uses outbox_sent_message. */
export function sentMessageRows(
  db: Database,
  target: { tenantId: string; channelId: string; platformMessageId: string },
) {
  return db
    .select({ payload: outbox.payload })
    .from(outbox)
    .where(
      and(
        eq(outbox.tenantId, target.tenantId),
        eq(outbox.status, "sent"),
        eq(outbox.channelId, target.channelId),
        eq(outbox.platformMessageId, target.platformMessageId),
      ),
    )
    .orderBy(desc(outbox.sentAt), desc(sql`rowid`));
}
