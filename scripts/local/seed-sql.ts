/** Turns a tenant seed into SQL for `wrangler d1 execute --local --file`. */
import { getTableConfig, type SQLiteTable } from "drizzle-orm/sqlite-core";
import { agents, apiTokens, channels, tenants } from "../../db/schema";
import type { TenantSeed } from "./tenant-seed";

function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "1" : "0";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return `'${text.replaceAll("'", "''")}'`;
}

function insert(table: SQLiteTable, row: Record<string, unknown>): string {
  const config = getTableConfig(table);
  const columns = config.columns.filter((column) => row[propertyOf(table, column.name)] !== undefined);
  const names = columns.map((column) => column.name).join(", ");
  const values = columns.map((column) => literal(row[propertyOf(table, column.name)])).join(", ");
  return `INSERT INTO ${config.name} (${names}) VALUES (${values});`;
}

/** drizzle keys rows by property name (tenantId), the table by column name (tenant_id). */
function propertyOf(table: SQLiteTable, columnName: string): string {
  for (const [property, column] of Object.entries(table)) {
    if (column && typeof column === "object" && "name" in column && column.name === columnName)
      return property;
  }
  return columnName;
}

export function seedToSql(seed: TenantSeed): string {
  return [
    insert(tenants, seed.tenant),
    insert(apiTokens, seed.apiToken),
    ...seed.agents.map((agent) => insert(agents, agent)),
    insert(channels, seed.channel),
  ].join("\n");
}
