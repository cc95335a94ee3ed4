/**
 * The full-scan check (test/workers/query-plans.ts) itself: it must flag a statement that reads a
 * whole tenant table and pass one the tenant's index serves; and over a thousand tenants' rows,
 * with SQLite's statistics gathered, the statements Cairn runs for one tenant stay on its index.
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, seedPendingProposal, seedTenant, type TestTenant } from "./fixtures";
import { fullScans, planOf } from "./query-plans";
import { recordStatements, tenantTables } from "./tenant-predicate";

const TENANTS = 1_000;

/**
 * Copies every row of `tenantId` (its tenant row first, then each table with a tenant column)
 * once for each of `copies` new tenants, `<tenant>-<n>`, in one statement per table. Text primary
 * keys get the same suffix; rows a unique index would refuse are skipped.
 */
async function cloneTenant(db: D1Database, tenantId: string, copies: number) {
  const numbers = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${copies})`;
  for (const table of ["tenants", ...(await tenantTables(db))]) {
    const columns = (
      await db.prepare(`PRAGMA table_info("${table}")`).all<{ name: string; type: string; pk: number }>()
    ).results.filter((column) => !(column.pk > 0 && /int/i.test(column.type)));
    const owner = table === "tenants" ? "id" : "tenant_id";
    const values = columns.map((column) =>
      column.name === owner || (column.pk > 0 && /text/i.test(column.type))
        ? `"${column.name}" || '-' || n.i`
        : `"${column.name}"`,
    );
    const names = columns.map((column) => `"${column.name}"`).join(", ");
    await db
      .prepare(
        `${numbers} INSERT OR IGNORE INTO "${table}" (${names}) SELECT ${values.join(", ")} FROM "${table}", n WHERE "${owner}" = ?`,
      )
      .bind(tenantId)
      .run();
  }
}

/** One tenant's ordinary day on the admin API: what an operator and the dashboard read and write. */
async function operatorDay(tenant: TestTenant) {
  const call = (path: string, init?: RequestInit) => exports.default.fetch(api(tenant, path, init));
  const json = { "content-type": "application/json" };
  const created = await call("/tasks", {
    method: "POST",
    headers: json,
    body: JSON.stringify({
      title: "Chase the Calder invoice",
      type: "overdue_invoice",
      key: "overdue:INV-1",
    }),
  });
  const { task } = (await created.json()) as { task: { id: string } };
  await call(`/tasks/${task.id}/comments`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ body: "called" }),
  });
  await call(`/tasks/${task.id}/claim`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ agent: "finance" }),
  });
  for (const path of [
    "/status",
    "/tasks",
    "/tasks?status=in_progress",
    `/tasks/${task.id}`,
    "/tasks/findings",
    "/tasks/statistics",
    "/proposals",
    "/proposals?status=pending",
    "/proposals/prop_scale_1",
    "/approvers",
    "/channels",
    "/agents",
    "/threads",
    "/audit",
    "/dead-letters",
    "/policies",
  ]) {
    const response = await call(path);
    expect(response.status, path).toBe(200);
  }
}

describe("the full-scan check", () => {
  it("flags a statement that reads a whole tenant table, and passes one an index serves", async () => {
    const flagged = await fullScans(env.DB, [
      'select * from "outbox" where "outbox"."last_error" = ?',
      'select count(*) from "tasks" where "tasks"."tenant_id" = ? or "tasks"."title" = ?',
      'select * from "tasks" where ("tasks"."tenant_id" = ? and "tasks"."id" = ?)',
      'select * from "outbox" where ("outbox"."tenant_id" = ? and "outbox"."idempotency_key" = ?) limit ?',
      'select * from "tenants" where "tenants"."id" = ?',
    ]);
    expect(flagged.map((line) => line.split(" ← ")[0])).toEqual(["SCAN outbox", "SCAN tasks"]);
    expect(flagged[0]).toContain('"outbox"."last_error" = ?');
  });

  it("binds every parameter, so a statement with several is planned rather than skipped", async () => {
    const plan = await planOf(
      env.DB,
      "select id from tasks where tenant_id = ? and status in (?, ?) and title <> 'what?' limit ?",
    );
    expect(plan.join("\n")).toMatch(/^SEARCH tasks USING (COVERING )?INDEX \w+ \(tenant_id=\?/m);
  });

  it(`keeps one tenant's statements on its index among ${TENANTS.toLocaleString("en")} tenants, with statistics gathered`, async () => {
    const tenant = await seedTenant("scale");
    await seedPendingProposal("scale", "prop_scale_1", "scale:telegram:1");
    await operatorDay(tenant);
    await cloneTenant(env.DB, "scale", TENANTS);
    const tenants = await env.DB.prepare("SELECT count(*) AS n FROM tenants WHERE id LIKE 'scale%'").first<{
      n: number;
    }>();
    expect(tenants?.n).toBe(TENANTS + 1);
    // What the planner knows in a database that has run for a while (D1 runs PRAGMA optimize).
    await env.DB.prepare("ANALYZE").run();

    const recorder = recordStatements(env.DB);
    try {
      await operatorDay(tenant);
    } finally {
      recorder.stop();
    }
    expect(recorder.statements.size).toBeGreaterThan(20);
    expect(await fullScans(env.DB, recorder.statements)).toEqual([]);
  });
});
