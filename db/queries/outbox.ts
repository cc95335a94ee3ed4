import { and, asc, eq, lt } from "drizzle-orm";
import type { Database } from "../client";
import { outbox } from "../schema";

export type OutboxRow = typeof outbox.$inferSelect;

export interface NewOutboxMessage {
  id: string;
  tenantId: string;
  channelId: string;
  threadId?: string | undefined;
  idempotencyKey: string;
  /** The channel payload (channels/message.ts OutboundPayload); the outbox stores it as JSON. */
  payload: unknown;
  createdAt: number;
}

/**
 * Records a send before it happens. Returns the row for this idempotency key: the new one, or
 * the one an earlier attempt recorded (whose id the caller must use, so nothing is sent twice).
 */
export async function recordOutbound(db: Database, message: NewOutboxMessage): Promise<OutboxRow> {
  await db
    .insert(outbox)
    .values({ ...message, threadId: message.threadId ?? null, status: "pending" })
    .onConflictDoNothing();
  const [row] = await db
    .select()
    .from(outbox)
    .where(and(eq(outbox.tenantId, message.tenantId), eq(outbox.idempotencyKey, message.idempotencyKey)))
    .limit(1);
  if (!row) throw new Error(`outbox row ${message.idempotencyKey} vanished after insert`);
  return row;
}

export async function getOutbound(db: Database, tenantId: string, id: string) {
  const [row] = await db
    .select()
    .from(outbox)
    .where(and(eq(outbox.tenantId, tenantId), eq(outbox.id, id)))
    .limit(1);
  return row ?? null;
}

export async function markOutboundSent(
  db: Database,
  tenantId: string,
  id: string,
  platformMessageId: string | null,
  at: number,
) {
  await db
    .update(outbox)
    .set({ status: "sent", platformMessageId, sentAt: at, lastError: null })
    .where(and(eq(outbox.tenantId, tenantId), eq(outbox.id, id), eq(outbox.status, "pending")));
}

export async function markOutboundAttempt(
  db: Database,
  tenantId: string,
  id: string,
  attempts: number,
  error: string,
) {
  await db
    .update(outbox)
    .set({ attempts, lastError: error })
    .where(and(eq(outbox.tenantId, tenantId), eq(outbox.id, id)));
}

/** Fails a row for good, recording the attempt that failed it (the audit entry says the same). */
export async function markOutboundFailed(
  db: Database,
  tenantId: string,
  id: string,
  attempts: number,
  error: string,
) {
  await db
    .update(outbox)
    .set({ status: "failed", attempts, lastError: error })
    .where(and(eq(outbox.tenantId, tenantId), eq(outbox.id, id), eq(outbox.status, "pending")));
}

/** Pending rows older than `before`: their queue message may have been lost; the sweeper re-enqueues them. */
export async function listStalePending(db: Database, before: number, limit: number) {
  return db
    .select({ id: outbox.id, tenantId: outbox.tenantId })
    .from(outbox)
    .where(and(eq(outbox.status, "pending"), lt(outbox.createdAt, before)))
    .orderBy(asc(outbox.createdAt))
    .limit(limit);
}
