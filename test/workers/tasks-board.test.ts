/**
 * The task board through the admin API and its queries: deduplicated creation (merged as a
 * comment with the reason), claims and leases with an injected clock, hand-off with a note,
 * parent and child tasks, transitions, and validation that stores nothing.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { database } from "../../db/client";
import { claimNextTask, claimTask, returnExpiredLeases } from "../../db/queries/task-board";
import { getTask, listTasks } from "../../db/queries/tasks";
import { rows } from "./agents-fixtures";
import { api, seedTenant, type TestTenant } from "./fixtures";

let acme: TestTenant;
let globex: TestTenant;

beforeAll(async () => {
  acme = await seedTenant("acme");
  globex = await seedTenant("globex");
});

interface TaskJson {
  id: string;
  status: string;
  ownerAgentId: string | null;
  leaseOwner: string | null;
  handoffNote: string | null;
  parentId: string | null;
}

async function call(tenant: TestTenant, path: string, body?: unknown) {
  const init: RequestInit = body === undefined ? {} : { method: "POST", body: JSON.stringify(body) };
  const response = await exports.default.fetch(api(tenant, path, init));
  return { status: response.status, json: await response.json<Record<string, unknown>>() };
}

const create = (tenant: TestTenant, body: Record<string, unknown>) => call(tenant, "/tasks", body);

describe("task board API", () => {
  it("creates a task, and merges a duplicate into it as a comment with the reason", async () => {
    const first = await create(acme, {
      title: "Chase Henderson Builds for invoice INV-1042",
      key: "overdue:INV-1042",
      entity: "invoice:INV-1042",
      type: "overdue_invoice",
    });
    expect(first.status).toBe(201);
    const task = first.json.task as TaskJson;
    expect(task.status).toBe("new");

    const again = await create(acme, {
      title: "Ask Henderson Builds to pay INV-1042",
      key: "overdue:INV-1042",
      entity: "invoice:INV-1042",
    });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ merged: true, task: { id: task.id } });
    expect(again.json.reason).toMatch(/same dedup key "overdue:INV-1042"/);

    const reworded = await create(acme, { title: "Chase Henderson Builds for invoice INV-1042 please" });
    expect(reworded.json).toMatchObject({ merged: true, task: { id: task.id } });

    const detail = await call(acme, `/tasks/${task.id}`);
    const comments = detail.json.comments as { kind: string; body: string }[];
    expect(comments.filter((c) => c.kind === "merge")).toHaveLength(2);
    expect(comments[0]?.body).toMatch(
      /^Merged duplicate task task_\w+ \(Ask Henderson Builds to pay INV-1042\): same dedup key/,
    );
    // Different invoice, different work: a new task.
    const other = await create(acme, {
      title: "Chase Henderson Builds for invoice INV-1043",
      key: "overdue:INV-1043",
      entity: "invoice:INV-1043",
    });
    expect(other.status).toBe(201);
    // The verdicts are in the audit log.
    const audit = await rows<{ detail: string }>(
      "SELECT detail FROM audit_log WHERE tenant_id = 'acme' AND action = 'dedup.task'",
    );
    expect(audit.map((a) => JSON.parse(a.detail).duplicate).sort()).toEqual([false, false, true, true]);
  });

  it("files one task when five requests race with the same key", async () => {
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        create(acme, { title: `Renew the van insurance (${n})`, key: "renew:van-insurance" }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const ids = new Set(results.map((r) => (r.json.task as TaskJson).id));
    expect(ids.size).toBe(1);
  });

  it("files a retried request once by its idempotency key", async () => {
    const body = { title: "Order skip for Birch Lane", idempotencyKey: "req-77" };
    const first = await create(acme, body);
    const second = await create(acme, body);
    expect(first.status).toBe(201);
    expect(second.json).toMatchObject({ task: { id: (first.json.task as TaskJson).id } });
    expect(
      await rows(
        "SELECT id FROM task_comments WHERE tenant_id = 'acme' AND task_id = ?",
        (first.json.task as TaskJson).id,
      ),
    ).toHaveLength(0);
  });

  it("refuses bad input with the field named, storing nothing", async () => {
    const before = await rows("SELECT id FROM tasks WHERE tenant_id = 'acme'");
    const cases: [Record<string, unknown>, string][] = [
      [{}, "title"],
      [{ title: "x", priority: 9 }, "priority"],
      [{ title: "x", owner: "Not An Agent" }, "owner"],
      [{ title: "x", parentId: "task_missing" }, "parentId"],
      // A field the request may not carry is named, not the body as a whole.
      [{ title: "x", colour: "red" }, "colour"],
    ];
    for (const [body, field] of cases) {
      const response = await create(acme, body);
      expect(response.status).toBe(400);
      expect(response.json.field).toBe(field);
    }
    expect(await rows("SELECT id FROM tasks WHERE tenant_id = 'acme'")).toHaveLength(before.length);
    // An id that cannot be a task's is an unknown task: 404, as the README's status table says.
    expect((await call(acme, "/tasks/not-an-id")).status).toBe(404);
  });

  it("claims, refuses a second claimant, hands off with a note, and keeps tenants apart", async () => {
    const { json } = await create(acme, { title: "Measure up the Oak Street extension" });
    const id = (json.task as TaskJson).id;
    const claimed = await call(acme, `/tasks/${id}/claim`, { agent: "operations" });
    expect(claimed.json.task).toMatchObject({
      status: "claimed",
      leaseOwner: "operations",
      ownerAgentId: "operations",
    });
    const refused = await call(acme, `/tasks/${id}/claim`, { agent: "finance" });
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatch(/leased to operations until/);

    const handed = await call(acme, `/tasks/${id}/handoff`, {
      to: "finance",
      note: "Measured; needs a quote for the steel beam",
    });
    expect(handed.json.task).toMatchObject({
      status: "new",
      ownerAgentId: "finance",
      leaseOwner: null,
      handoffNote: "Measured; needs a quote for the steel beam",
    });
    const detail = await call(acme, `/tasks/${id}`);
    expect((detail.json.comments as { kind: string; body: string }[]).at(-1)).toMatchObject({
      kind: "handoff",
      body: "handed to finance by operations: Measured; needs a quote for the steel beam",
    });

    expect((await call(globex, `/tasks/${id}`)).status).toBe(404);
    expect((await call(globex, `/tasks/${id}/claim`, { agent: "finance" })).status).toBe(404);
    expect((await call(acme, `/tasks/${id}/handoff`, { to: "finance" })).json.field).toBe("note");
  });

  it("links child tasks to their parent and moves tasks only along allowed transitions", async () => {
    const parent = ((await create(acme, { title: "Loft conversion at 4 Ash Close" })).json.task as TaskJson)
      .id;
    const child = await create(acme, {
      title: "Book the building control inspection for 4 Ash Close",
      parentId: parent,
    });
    expect(child.json.task).toMatchObject({ parentId: parent });
    const detail = await call(acme, `/tasks/${parent}`);
    expect((detail.json.children as TaskJson[]).map((t) => t.id)).toEqual([(child.json.task as TaskJson).id]);
    const listed = await call(acme, `/tasks?parent=${parent}`);
    expect((listed.json.tasks as TaskJson[]).length).toBe(1);

    const wrong = await call(acme, `/tasks/${parent}/transition`, { to: "review" });
    expect(wrong.status).toBe(409);
    expect(wrong.json.error).toBe("a new task cannot become review");
    const cancelled = await call(acme, `/tasks/${parent}/transition`, {
      to: "cancelled",
      note: "client postponed",
    });
    expect(cancelled.json.task).toMatchObject({ status: "cancelled" });
    // A cancelled task no longer absorbs the same work.
    const again = await create(acme, { title: "Loft conversion at 4 Ash Close" });
    expect(again.status).toBe(201);
  });
});

describe("claim leases", () => {
  it("returns a crashed agent's task to the pool when its lease expires", async () => {
    const db = database(env.DB);
    const { json } = await create(acme, { title: "Send the snagging list to the Patels" });
    const id = (json.task as TaskJson).id;
    const t0 = Date.UTC(2026, 0, 5, 9);
    const lease = 10 * 60_000;
    expect(
      await claimTask(db, { tenantId: "acme", taskId: id, agentId: "operations", now: t0, leaseMs: lease }),
    ).not.toBeNull();
    // While the lease holds, nobody else gets it, whatever they try.
    expect(
      await claimTask(db, {
        tenantId: "acme",
        taskId: id,
        agentId: "finance",
        now: t0 + lease - 1,
        leaseMs: lease,
      }),
    ).toBeNull();
    const next = await claimNextTask(db, {
      tenantId: "acme",
      agentId: "sales",
      now: t0 + lease - 1,
      leaseMs: lease,
    });
    expect(next?.id).not.toBe(id);

    // operations crashed and never renewed: at expiry the task is back in the pool.
    expect(await returnExpiredLeases(db, "acme", t0 + lease)).toContain(id);
    expect(await getTask(db, "acme", id)).toMatchObject({ status: "new", leaseOwner: null });
    const taken = await claimTask(db, {
      tenantId: "acme",
      taskId: id,
      agentId: "finance",
      now: t0 + lease,
      leaseMs: lease,
    });
    expect(taken).toMatchObject({ status: "claimed", leaseOwner: "finance" });
    // An expired lease can also be taken over directly, without the sweep.
    const later = t0 + 3 * lease;
    expect(
      await claimTask(db, {
        tenantId: "acme",
        taskId: id,
        agentId: "operations",
        now: later,
        leaseMs: lease,
      }),
    ).toMatchObject({ leaseOwner: "operations" });
    // Tenant scoping: the same id under another tenant is nothing.
    expect(
      await claimTask(db, {
        tenantId: "globex",
        taskId: id,
        agentId: "finance",
        now: later * 2,
        leaseMs: lease,
      }),
    ).toBeNull();
  });

  it("keeps the list signature the chat /tasks command reads", async () => {
    const open = await listTasks(database(env.DB), "acme", { status: "new", limit: 3 });
    expect(open.length).toBeLessThanOrEqual(3);
    expect(open.every((task) => task.status === "new" && task.tenantId === "acme")).toBe(true);
  });
});
