/**
 * The hosted offering's side of a tenant's life: what a suspended tenant's webhooks carried,
 * verified and admitted at the gateway, kept in arrival order until the tenant is resumed and
 * they are queued as if they had just arrived (workers/platform/tenants.ts).
 */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { tenants } from "./schema";

export const parkedEvents = sqliteTable(
  "parked_events",
  {
    /** Arrival order: the parked events of a tenant are replayed by it. */
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    /** The inbound queue message exactly as the gateway would have sent it. */
    message: text("message", { mode: "json" }).notNull(),
    parkedAt: integer("parked_at").notNull(),
  },
  (t) => [index("parked_events_tenant").on(t.tenantId, t.seq)],
);
