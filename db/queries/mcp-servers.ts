import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../client";
import { mcpServers } from "../schema-mcp";

export type McpServerRow = typeof mcpServers.$inferSelect;

/** Registers a server, or replaces the one of the same name (its creation time kept). */
export async function upsertMcpServer(db: Database, row: McpServerRow): Promise<McpServerRow> {
  const [stored] = await db
    .insert(mcpServers)
    .values(row)
    .onConflictDoUpdate({
      target: [mcpServers.tenantId, mcpServers.name],
      set: {
        url: row.url,
        tokenSealed: row.tokenSealed,
        description: row.description,
        updatedAt: row.updatedAt,
      },
    })
    .returning();
  if (!stored) throw new Error(`MCP server ${row.name} was not stored`);
  return stored;
}

export async function listMcpServers(db: Database, tenantId: string): Promise<McpServerRow[]> {
  return db.select().from(mcpServers).where(eq(mcpServers.tenantId, tenantId)).orderBy(asc(mcpServers.name));
}

export async function getMcpServer(db: Database, tenantId: string, name: string) {
  const [row] = await db
    .select()
    .from(mcpServers)
    .where(and(eq(mcpServers.tenantId, tenantId), eq(mcpServers.name, name)))
    .limit(1);
  return row ?? null;
}

export async function deleteMcpServer(db: Database, tenantId: string, name: string): Promise<boolean> {
  const deleted = await db
    .delete(mcpServers)
    .where(and(eq(mcpServers.tenantId, tenantId), eq(mcpServers.name, name)))
    .returning({ name: mcpServers.name });
  return deleted.length > 0;
}
