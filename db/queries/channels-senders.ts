/** Who may talk to agents on a channel: the allow list and pending pairing codes. */
import { and, eq, gt } from "drizzle-orm";
import type { Database } from "../client";
import { channelSenders } from "../schema-channels";

export type ChannelSenderRow = typeof channelSenders.$inferSelect;

export async function getSender(db: Database, tenantId: string, channelId: string, senderId: string) {
  const [row] = await db
    .select()
    .from(channelSenders)
    .where(
      and(
        eq(channelSenders.tenantId, tenantId),
        eq(channelSenders.channelId, channelId),
        eq(channelSenders.senderId, senderId),
      ),
    )
    .limit(1);
  return row ?? null;
}

export async function listSenders(db: Database, tenantId: string, channelId: string) {
  return db
    .select({
      senderId: channelSenders.senderId,
      senderName: channelSenders.senderName,
      status: channelSenders.status,
      pairingExpiresAt: channelSenders.pairingExpiresAt,
      approvedBy: channelSenders.approvedBy,
      createdAt: channelSenders.createdAt,
      updatedAt: channelSenders.updatedAt,
    })
    .from(channelSenders)
    .where(and(eq(channelSenders.tenantId, tenantId), eq(channelSenders.channelId, channelId)));
}

export async function allowSender(
  db: Database,
  row: {
    tenantId: string;
    channelId: string;
    senderId: string;
    senderName: string;
    approvedBy: string;
    at: number;
  },
) {
  await db
    .insert(channelSenders)
    .values({
      tenantId: row.tenantId,
      channelId: row.channelId,
      senderId: row.senderId,
      senderName: row.senderName,
      status: "allowed",
      approvedBy: row.approvedBy,
      createdAt: row.at,
      updatedAt: row.at,
    })
    .onConflictDoUpdate({
      target: [channelSenders.tenantId, channelSenders.channelId, channelSenders.senderId],
      set: {
        status: "allowed",
        approvedBy: row.approvedBy,
        pairingCodeHash: null,
        pairingExpiresAt: null,
        updatedAt: row.at,
      },
    });
}

export async function removeSender(db: Database, tenantId: string, channelId: string, senderId: string) {
  const removed = await db
    .delete(channelSenders)
    .where(
      and(
        eq(channelSenders.tenantId, tenantId),
        eq(channelSenders.channelId, channelId),
        eq(channelSenders.senderId, senderId),
      ),
    )
    .returning({ senderId: channelSenders.senderId });
  return removed.length > 0;
}

/** Records (or replaces) a pending pairing; never downgrades a sender already allowed. */
export async function recordPairing(
  db: Database,
  row: {
    tenantId: string;
    channelId: string;
    senderId: string;
    senderName: string;
    codeHash: string;
    expiresAt: number;
    at: number;
  },
) {
  await db
    .insert(channelSenders)
    .values({
      tenantId: row.tenantId,
      channelId: row.channelId,
      senderId: row.senderId,
      senderName: row.senderName,
      status: "pending",
      pairingCodeHash: row.codeHash,
      pairingExpiresAt: row.expiresAt,
      createdAt: row.at,
      updatedAt: row.at,
    })
    .onConflictDoUpdate({
      target: [channelSenders.tenantId, channelSenders.channelId, channelSenders.senderId],
      set: { pairingCodeHash: row.codeHash, pairingExpiresAt: row.expiresAt, updatedAt: row.at },
      setWhere: eq(channelSenders.status, "pending"),
    });
}

/** Approves the pending sender holding this code, once: the code is cleared as it is used. */
export async function approvePairing(
  db: Database,
  input: { tenantId: string; channelId: string; codeHash: string; approvedBy: string; now: number },
) {
  const [row] = await db
    .update(channelSenders)
    .set({
      status: "allowed",
      approvedBy: input.approvedBy,
      pairingCodeHash: null,
      pairingExpiresAt: null,
      updatedAt: input.now,
    })
    .where(
      and(
        eq(channelSenders.tenantId, input.tenantId),
        eq(channelSenders.channelId, input.channelId),
        eq(channelSenders.pairingCodeHash, input.codeHash),
        eq(channelSenders.status, "pending"),
        gt(channelSenders.pairingExpiresAt, input.now),
      ),
    )
    .returning();
  if (!row) return null;
  return row;
}
