/**
 * Policy overlays: a tenant's and each agent's YAML laid over policies/default.yaml. Every
 * change is a new version (never an update), so what was in force at any time can be shown.
 */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { tenants } from "./schema";

export const policyVersions = sqliteTable(
  "policy_versions",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    /** "tenant", or "agent:<agent id>". */
    scope: text("scope").notNull(),
    version: integer("version").notNull(),
    /** The YAML as submitted (validated before it was stored). */
    text: text("text").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("policy_versions_scope_version").on(t.tenantId, t.scope, t.version),
    index("policy_versions_latest").on(t.tenantId, t.scope),
  ],
);
