/**
 * Every D1 statement a test file runs must carry its tenant: a read, update or delete of a table
 * with a `tenant_id` column names `tenant_id` in its WHERE clause, an insert writes the column.
 * test/workers/setup.ts records the statements of each file (the worker, its Durable Objects and
 * the test share one isolate, so one D1Database prototype) and checks them when the file ends.
 * The few statements that cross tenants by design are listed with their reason.
 */

/** Cross-tenant by design: each finds the tenant first, then every later statement is scoped. */
export const CROSS_TENANT: ReadonlyArray<{ pattern: RegExp; why: string }> = [
  {
    pattern: /from "api_tokens" where \("api_tokens"\."token_hash" = \?/i,
    why: "the bearer token names the tenant",
  },
  {
    pattern: /from "outbox" where \("outbox"\."status" = \? and "outbox"\."created_at" < \?\)/i,
    why: "the cron sweep re-queues lost sends of every tenant",
  },
  {
    pattern: /from "agents" where "agents"\."enabled" = \?/i,
    why: "the cron sweep re-arms every tenant's enabled loops",
  },
  {
    pattern:
      /from "parked_events" inner join "tenants" on "tenants"\."id" = "parked_events"\."tenant_id" where "tenants"\."status" = \?/i,
    why: "the cron sweep finds active tenants whose webhooks are still parked (a small table: only suspended tenants write it)",
  },
];

const SCHEMA_READS = /^\s*(pragma|select name from sqlite_master)/i;

/** Who prepared a statement: the first frame outside this file and node_modules. */
function preparedByTest(stack: string | undefined): boolean {
  const frames = (stack ?? "").split("\n").slice(1);
  const caller = frames.find(
    (frame) => !frame.includes("tenant-predicate.ts") && !frame.includes("node_modules"),
  );
  // A test's own SQL (setting up or reading back rows) is the test's business, not the product's.
  return caller?.includes("/test/") ?? false;
}

/** Records every statement Cairn's own code prepares on this D1 binding until stopped. */
export function recordStatements(db: D1Database): { statements: Set<string>; stop(): void } {
  const statements = new Set<string>();
  const prototype = Object.getPrototypeOf(db) as { prepare(sql: string): D1PreparedStatement };
  const prepare = prototype.prepare;
  prototype.prepare = function (this: D1Database, sql: string) {
    // The stack is read until Cairn's code has prepared the statement once.
    if (!statements.has(sql) && !preparedByTest(new Error().stack)) statements.add(sql);
    return prepare.call(this, sql);
  };
  return {
    statements,
    stop() {
      prototype.prepare = prepare;
    },
  };
}

/** The tables with a `tenant_id` column, read from the schema D1 actually has. */
export async function tenantTables(db: D1Database): Promise<string[]> {
  const tables = await db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
    )
    .all<{ name: string }>();
  const withTenant: string[] = [];
  for (const { name } of tables.results) {
    const columns = await db.prepare(`PRAGMA table_info("${name}")`).all<{ name: string }>();
    if (columns.results.some((column) => column.name === "tenant_id")) withTenant.push(name);
  }
  return withTenant;
}

/** The statements that touch a tenant's table without naming the tenant. */
export async function unscopedStatements(db: D1Database, statements: Iterable<string>): Promise<string[]> {
  const tables = await tenantTables(db);
  const touches = (sql: string) =>
    tables.filter((table) => new RegExp(`(from|into|update|join)\\s+"?${table}"?(\\s|$|\\()`, "i").test(sql));
  const unscoped: string[] = [];
  for (const sql of statements) {
    if (SCHEMA_READS.test(sql) || touches(sql).length === 0) continue;
    if (CROSS_TENANT.some((allowed) => allowed.pattern.test(sql))) continue;
    const scoped = /^\s*insert/i.test(sql)
      ? /\(\s*[^)]*"?tenant_id"?/i.test(sql)
      : /\bwhere\b[\s\S]*\btenant_id\b/i.test(sql);
    if (!scoped) unscoped.push(sql.replace(/\s+/g, " ").slice(0, 240));
  }
  return unscoped;
}
