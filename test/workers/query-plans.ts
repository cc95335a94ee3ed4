/**
 * Every D1 statement Cairn's code runs must find its rows through an index, never by reading a
 * tenant table from end to end: in one shared database a full scan costs every tenant's rows,
 * so a query that is fast for one tenant becomes slow (and billed by rows read) for a thousand.
 * test/workers/setup.ts asks SQLite for the plan of each statement a test file recorded
 * (`EXPLAIN QUERY PLAN`, which runs nothing) and fails the file on a full scan of a tenant table.
 * SQLite picks an index from the schema when it has no statistics, so the plan on a test's small
 * tables is the plan the query would start with on a large one; test/workers/query-plans.test.ts
 * checks the same statements again over a thousand tenants' rows, with statistics gathered.
 */
import { CROSS_TENANT, tenantTables } from "./tenant-predicate";

/**
 * Scans that are right by design, each with its reason. A scan of a tenant's own rows after the
 * index found them is a SEARCH, not a SCAN, and needs no entry here.
 */
export const ALLOWED_SCANS: ReadonlyArray<{ pattern: RegExp; why: string }> = [];

interface PlanRow {
  detail: string;
}

/** What SQLite would do for `sql`: one line per step ("SEARCH tasks USING INDEX …", "SCAN outbox"). */
export async function planOf(db: D1Database, sql: string): Promise<string[]> {
  // D1 insists on every parameter being bound; the plan does not depend on the values.
  const parameters = sql.replace(/'(?:[^']|'')*'/g, "").match(/\?/g)?.length ?? 0;
  const { results } = await db
    .prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...Array.from({ length: parameters }, () => 1))
    .all<PlanRow>();
  return results.map((row) => row.detail);
}

/** Statements that read a whole tenant table (each with the plan step that does it). */
export async function fullScans(db: D1Database, statements: Iterable<string>): Promise<string[]> {
  const tables = new Set(await tenantTables(db));
  const found: string[] = [];
  for (const sql of statements) {
    if (!/^\s*(select|update|delete|insert|with)/i.test(sql)) continue;
    if (CROSS_TENANT.some((allowed) => allowed.pattern.test(sql))) continue;
    if (ALLOWED_SCANS.some((allowed) => allowed.pattern.test(sql))) continue;
    let plan: string[];
    try {
      plan = await planOf(db, sql);
    } catch {
      continue; // a statement SQLite cannot plan on its own (a batch's fragment) was never run alone
    }
    for (const step of plan) {
      // "SCAN t USING INDEX i" reads the whole index: as much a full scan as the table's own.
      const scanned = /^SCAN (\w+)/.exec(step)?.[1];
      if (scanned && tables.has(scanned)) {
        found.push(`${step} ← ${sql.replace(/\s+/g, " ").slice(0, 240)}`);
        break;
      }
    }
  }
  return found;
}
