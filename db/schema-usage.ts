/**
 * Usage counters, one row per tenant, UTC day and metric: what `GET /api/usage` reports beside
 * what it reads from the rows Cairn already keeps (the cost ledger, the outbox, the audit log).
 * Only events nothing else records are counted here; each count is one upsert of one row.
 */
import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { tenants } from "./schema";

export const USAGE_COUNTERS = ["messages_received", "turns"] as const;
export type UsageCounter = (typeof USAGE_COUNTERS)[number];

export const usageDaily = sqliteTable(
  "usage_daily",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    /** The UTC day, `YYYY-MM-DD`. */
    day: text("day").notNull(),
    metric: text("metric", { enum: USAGE_COUNTERS }).notNull(),
    value: integer("value").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.day, t.metric] })],
);
