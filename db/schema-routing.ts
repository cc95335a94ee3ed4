/** Per-tenant routing settings (budgets, tier overrides, providers), validated on write. */
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { tenants } from "./schema";

export const tenantRoutingSettings = sqliteTable("tenant_routing_settings", {
  tenantId: text("tenant_id")
    .primaryKey()
    .references(() => tenants.id),
  settings: text("settings", { mode: "json" }).notNull(),
  updatedBy: text("updated_by").notNull(),
  updatedAt: integer("updated_at").notNull(),
});
