/** Where a proposal's chat card is: the platform message id the outbox recorded when it was sent. */
import { and, eq } from "drizzle-orm";
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
