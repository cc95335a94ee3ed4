/**
 * The task and proposal dedup layers where agents meet them in chat: the `create_task` tool files
 * through the Tenant Durable Object (a duplicate of an open task becomes a comment on it, with the
 * reason), and every proposal is checked against pending and recently executed ones (merged into
 * the waiting one, or refused), with execution, rejection and rollback recording its fate.
 */
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEntity } from "../../db/queries/entities";
import { findTask } from "../../db/queries/task-actions";
import {
  addEntity,
  apiCall,
  callTool,
  type Harness,
  INVOICING_AUTH,
  openThread,
  proposalRow,
  setUpProposalTenant,
  tearDown,
} from "./proposals-harness";

const TENANT = "dedupwire";
let h: Harness;
beforeAll(async () => {
  h = await setUpProposalTenant(TENANT);
  await addEntity(h, "ent_wayne", { name: "Wayne Enterprises", data: { terms: "net 30" } });
});
afterAll(() => tearDown(h));

async function comments(taskId: string): Promise<Array<{ kind: string; body: string; author: string }>> {
  return (await apiCall(h, `/tasks/${taskId}`)).body.comments;
}

async function auditDetail(action: string, subjectId: string) {
  const row = await env.DB.prepare(
    "SELECT detail FROM audit_log WHERE tenant_id = ? AND action = ? AND subject_id = ?",
  )
    .bind(TENANT, action, subjectId)
    .first<{ detail: string }>();
  return row ? JSON.parse(row.detail) : null;
}

describe("create_task in chat", () => {
  it("creates the first task, on the thread it came from", async () => {
    const outcome = await callTool(
      h,
      "create_task",
      { title: "Send the revised kitchen extension quote to the Hendersons" },
      "dtask1_0_0",
    );
    expect(outcome).toMatchObject({
      kind: "executed",
      ok: true,
      output: expect.stringMatching(/^created task/),
    });
    const row = await findTask(h.db, TENANT, "tsk_dtask1_0_0");
    expect(row).toMatchObject({ status: "new", threadId: h.threadId, createdBy: "agent:operations" });
    expect(await auditDetail("dedup.task", "tsk_dtask1_0_0")).toMatchObject({ duplicate: false });
  });

  it("merges a reworded duplicate into the open task as a comment with the reason", async () => {
    const outcome = await callTool(
      h,
      "create_task",
      { title: "Email the Hendersons the updated quotation for the kitchen extension" },
      "dtask2_0_0",
    );
    expect(outcome).toMatchObject({ kind: "executed", ok: true });
    if (outcome.kind !== "executed") throw new Error("unreachable");
    expect(outcome.output).toMatch(/^not created: it duplicates open task tsk_dtask1_0_0 /);
    expect(outcome.output).toMatch(
      /Reason: near-duplicate wording \(IDF-weighted shingle Jaccard [01]\.\d\d ≥ 0\.55\)/,
    );
    expect(await findTask(h.db, TENANT, "tsk_dtask2_0_0")).toBeNull();
    const merged = (await comments("tsk_dtask1_0_0")).filter((c) => c.kind === "merge");
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ author: "agent:operations" });
    expect(merged[0]!.body).toMatch(
      /^Merged duplicate task tsk_dtask2_0_0 \(Email the Hendersons the updated quotation for the kitchen extension\): near-duplicate wording/,
    );
    expect(await auditDetail("dedup.task", "tsk_dtask2_0_0")).toMatchObject({
      duplicate: true,
      of: "tsk_dtask1_0_0",
      action: "merge",
    });
  });

  it("answers a retried call the same way and adds no second comment", async () => {
    const again = await callTool(
      h,
      "create_task",
      { title: "Email the Hendersons the updated quotation for the kitchen extension" },
      "dtask2_0_0",
    );
    expect(again).toMatchObject({ kind: "executed", ok: true });
    if (again.kind === "executed") expect(again.output).toMatch(/duplicates open task tsk_dtask1_0_0/);
    expect((await comments("tsk_dtask1_0_0")).filter((c) => c.kind === "merge")).toHaveLength(1);
  });

  it("merges a chat request into a task filed through the API, and files different work", async () => {
    const filed = await apiCall(h, "/tasks", "POST", {
      title: "Book a roofer for the garden studio on 10 November",
      idempotencyKey: "roofer-garden-studio",
    });
    expect(filed.status).toBe(201);
    const apiTaskId: string = filed.body.task.id;
    const dup = await callTool(
      h,
      "create_task",
      { title: "Get a roofer booked in for 10 November on the garden studio" },
      "dtask3_0_0",
    );
    if (dup.kind !== "executed") throw new Error(`expected executed, got ${dup.kind}`);
    expect(dup.output).toContain(`duplicates open task ${apiTaskId}`);
    // Same job and day, another trade: different work, however alike the words.
    const other = await callTool(
      h,
      "create_task",
      { title: "Book a plasterer for the garden studio on 10 November" },
      "dtask4_0_0",
    );
    if (other.kind !== "executed") throw new Error(`expected executed, got ${other.kind}`);
    expect(other.output).toMatch(/^created task tsk_dtask4_0_0/);
    expect(await findTask(h.db, TENANT, "tsk_dtask4_0_0")).not.toBeNull();
  });

  it("files the same work again once the open task is closed", async () => {
    const closed = await callTool(
      h,
      "close_task",
      { taskId: "tsk_dtask1_0_0", outcome: "done" },
      "dtask5_0_0",
    );
    expect(closed).toMatchObject({ kind: "executed", ok: true });
    const again = await callTool(
      h,
      "create_task",
      { title: "Send the revised kitchen extension quote to the Hendersons" },
      "dtask6_0_0",
    );
    if (again.kind !== "executed") throw new Error(`expected executed, got ${again.kind}`);
    expect(again.output).toMatch(/^created task tsk_dtask6_0_0/);
  });
});

describe("two agents racing", () => {
  it("file the same work in different words at the same moment from two threads: one task, one merge", async () => {
    // Another agent in another chat's thread: the two calls meet only in the Tenant object.
    const finance = await openThread(h, 777000333, "finance");
    const titles = {
      drace1_0_0: "Send the revised loft conversion quote to the Patels",
      drace2_0_0: "Email the Patels the updated quotation for the loft conversion",
    };
    const [first, second] = await Promise.all([
      callTool(h, "create_task", { title: titles.drace1_0_0 }, "drace1_0_0"),
      callTool(h, "create_task", { title: titles.drace2_0_0 }, "drace2_0_0", finance),
    ]);
    const outputs = [first, second].map((outcome) => {
      if (outcome.kind !== "executed") throw new Error(`expected executed, got ${outcome.kind}`);
      return outcome.output;
    });
    const created = outputs.filter((output) => /^created task /.test(output));
    const merged = outputs.filter((output) => /^not created: it duplicates open task /.test(output));
    expect({ created: created.length, merged: merged.length }).toEqual({ created: 1, merged: 1 });
    const winner = /^created task (tsk_drace[12]_0_0)/.exec(created[0]!)?.[1];
    const loser = winner === "tsk_drace1_0_0" ? "tsk_drace2_0_0" : "tsk_drace1_0_0";
    expect(merged[0]).toContain(`duplicates open task ${winner} `);
    expect(await findTask(h.db, TENANT, winner!)).not.toBeNull();
    expect(await findTask(h.db, TENANT, loser)).toBeNull();
    const open = await env.DB.prepare("SELECT id FROM tasks WHERE tenant_id = ? AND title LIKE '%Patels%'")
      .bind(TENANT)
      .all<{ id: string }>();
    expect(open.results).toEqual([{ id: winner }]);
    const merges = (await comments(winner!)).filter((c) => c.kind === "merge");
    expect(merges).toHaveLength(1);
    expect(merges[0]!.body).toContain(`Merged duplicate task ${loser} `);
  });
});

const invoiceCall = {
  method: "POST",
  url: "https://api.example.test/invoices",
  headers: INVOICING_AUTH,
  body: '{"client":"wayne","amount":1200}',
};

describe("proposals", () => {
  it("merges the same action on the same target while the first waits for approval", async () => {
    const first = await callTool(h, "http_request", invoiceCall, "dprop1_0_0");
    expect(first).toMatchObject({ kind: "proposed" });
    const second = await callTool(h, "http_request", invoiceCall, "dprop2_0_0");
    expect(second).toMatchObject({ kind: "duplicate", verdict: { action: "merge", of: "prop_dprop1_0_0" } });
    if (second.kind !== "duplicate") throw new Error("unreachable");
    expect(second.output).toMatch(/^Not proposed again: .*already waiting for approval as prop_dprop1_0_0/);
    expect(second.output).toMatch(/approve or reject prop_dprop1_0_0 instead/);
    expect((await apiCall(h, "/proposals/prop_dprop2_0_0")).status).toBe(404);
    expect(await auditDetail("dedup.proposal", "prop_dprop2_0_0")).toMatchObject({
      duplicate: true,
      of: "prop_dprop1_0_0",
      action: "merge",
    });
    expect(await auditDetail("proposal.duplicate", "prop_dprop1_0_0")).toMatchObject({
      tool: "http_request",
      action: "merge",
    });
    // Different arguments on the same target are a different proposal.
    const other = await callTool(
      h,
      "http_request",
      { ...invoiceCall, body: '{"client":"wayne","amount":9900}' },
      "dprop3_0_0",
    );
    expect(other).toMatchObject({ kind: "proposed" });
    expect(h.invoicing.calls).toHaveLength(0);
  });

  it("lets the same action be proposed again once the waiting one is rejected", async () => {
    const rejected = await apiCall(h, "/proposals/prop_dprop1_0_0/reject", "POST", { reason: "not yet" });
    expect(rejected.body).toMatchObject({ outcome: "rejected", proposal: { status: "rejected" } });
    const again = await callTool(h, "http_request", invoiceCall, "dprop4_0_0");
    expect(again).toMatchObject({ kind: "proposed" });
    expect((await proposalRow(h, "prop_dprop4_0_0")).proposal.status).toBe("pending");
  });

  it("refuses to repeat an action executed within the window, and allows it after a rollback", async () => {
    const input = { entityId: "ent_wayne", field: "terms", value: "net 60" };
    const done = await callTool(h, "update_record", input, "drec1_0_0");
    expect(done).toMatchObject({ kind: "executed", ok: true });
    const version = (await getEntity(h.db, TENANT, "ent_wayne"))?.version;

    const repeat = await callTool(h, "update_record", input, "drec2_0_0");
    expect(repeat).toMatchObject({ kind: "duplicate", verdict: { action: "refuse", of: "prop_drec1_0_0" } });
    if (repeat.kind !== "duplicate") throw new Error("unreachable");
    expect(repeat.output).toMatch(
      /^Refused, not done again: .*was executed as prop_drec1_0_0 .* within the 1h window/,
    );
    expect((await getEntity(h.db, TENANT, "ent_wayne"))?.version).toBe(version);
    expect((await apiCall(h, "/proposals/prop_drec2_0_0")).status).toBe(404);

    const rolled = await apiCall(h, "/proposals/prop_drec1_0_0/rollback", "POST", { reason: "wrong client" });
    expect(rolled.body.outcome).toBe("rolled_back");
    expect((await getEntity(h.db, TENANT, "ent_wayne"))?.data).toEqual({ terms: "net 30" });
    const redo = await callTool(h, "update_record", input, "drec3_0_0");
    expect(redo).toMatchObject({ kind: "executed", ok: true });
    expect((await getEntity(h.db, TENANT, "ent_wayne"))?.data).toEqual({ terms: "net 60" });
  });
});
