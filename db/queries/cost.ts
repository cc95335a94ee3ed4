import type { Database } from "../client";
import { costLedger } from "../schema";

export type CostEntry = typeof costLedger.$inferInsert;

/** Idempotent by id: a retried turn does not book the same call twice. */
export async function recordCost(db: Database, entry: CostEntry) {
  await db.insert(costLedger).values(entry).onConflictDoNothing();
}
