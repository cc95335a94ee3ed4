/**
 * MCP servers a tenant registered: where each answers and the bearer token Cairn sends it,
 * sealed like every other tenant credential (kernel/secret-box.ts, the tenant id bound in).
 * Which of a server's tools agents may call is the policy's business, not this table's.
 */
import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { tenants } from "./schema";

export const mcpServers = sqliteTable(
  "mcp_servers",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    /** The `<server>` of `mcp:<server>:<tool>`. */
    name: text("name").notNull(),
    /** The Streamable HTTP endpoint, https (http only for loopback development). */
    url: text("url").notNull(),
    /** `v1.<iv>.<ciphertext>` of the bearer token; null when the server takes none. */
    tokenSealed: text("token_sealed"),
    description: text("description").notNull().default(""),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.name] })],
);
