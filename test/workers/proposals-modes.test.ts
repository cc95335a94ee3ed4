/**
 * Every proposal mode on the real thread, D1 and alarm: auto, auto_with_window (rollback inside
 * and after the window), hold_then_execute (the undo-send outbox, sent once; cancelled in time),
 * require_approval (one and two of the approver list), forbid, and the entity guards.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEntity } from "../../db/queries/entities";
import { findTask } from "../../db/queries/task-actions";
import { proposalCallbackData } from "../../kernel/proposals";
import {
  addEntity,
  advance,
  apiCall,
  callTool,
  type Harness,
  INVOICING_AUTH,
  MINUTE,
  pressButton,
  proposalRow,
  setUpProposalTenant,
  tearDown,
} from "./proposals-harness";

let h: Harness;
beforeAll(async () => {
  h = await setUpProposalTenant("modes");
  await addEntity(h, "ent_acme", {
    name: "Acme Ltd",
    aliases: ["billing@acme.test"],
    flags: ["in_dispute"],
    data: { billingEmail: "billing@acme.test" },
  });
  await addEntity(h, "ent_globex", {
    name: "Globex",
    aliases: ["ap@globex.test"],
    data: { terms: "net 30" },
  });
  await addEntity(h, "ent_initech", {
    name: "Initech",
    aliases: ["bill@initech.test"],
    flags: ["do_not_contact"],
  });
});
afterAll(() => tearDown(h));

describe("auto", () => {
  it("runs an allowed action at once with no proposal", async () => {
    const outcome = await callTool(h, "create_task", { title: "Chase Q3 invoices" }, "auto1_0_0");
    expect(outcome).toMatchObject({ kind: "executed", ok: true });
    expect(await findTask(h.db, "modes", "tsk_auto1_0_0")).toMatchObject({
      title: "Chase Q3 invoices",
      status: "new",
    });
    expect((await apiCall(h, "/proposals/prop_auto1_0_0")).status).toBe(404);
  });
});

describe("auto_with_window", () => {
  it("runs now, keeps the undo for 15 minutes, and a rollback inside the window restores the old value", async () => {
    const outcome = await callTool(
      h,
      "update_record",
      { entityId: "ent_globex", field: "terms", value: "net 60" },
      "win1_0_0",
    );
    expect(outcome).toMatchObject({ kind: "executed", ok: true });
    expect((await getEntity(h.db, "modes", "ent_globex"))?.data).toEqual({ terms: "net 60" });
    const { proposal } = await proposalRow(h, "prop_win1_0_0");
    expect(proposal).toMatchObject({ status: "executed", mode: "auto_with_window", reversible: true });
    expect(proposal.windowEndsAt - proposal.executedAt).toBe(15 * MINUTE);

    advance(10 * MINUTE);
    const rolled = await apiCall(h, "/proposals/prop_win1_0_0/rollback", "POST", { reason: "wrong client" });
    expect(rolled.status).toBe(200);
    expect(rolled.body).toMatchObject({ outcome: "rolled_back", proposal: { status: "rolled_back" } });
    expect((await getEntity(h.db, "modes", "ent_globex"))?.data).toEqual({ terms: "net 30" });

    const again = await apiCall(h, "/proposals/prop_win1_0_0/rollback", "POST");
    expect(again.status).toBe(409);
    expect(again.body.error).toMatch(/rolled_back, not executed/);
  });

  it("discards the undo when the window closes, on the alarm, and then refuses a rollback clearly", async () => {
    await callTool(h, "write_file", { path: "notes.txt", content: "v1" }, "win2_0_0");
    await callTool(h, "write_file", { path: "notes.txt", content: "v2" }, "win3_0_0");
    advance(16 * MINUTE);
    expect(await runDurableObjectAlarm(h.stub)).toBe(true);
    const { proposal, audit } = await proposalRow(h, "prop_win3_0_0");
    expect(proposal.inverse).toBeNull();
    expect(audit.map((e: { action: string }) => e.action)).toContain("proposal.window_closed");
    const refused = await apiCall(h, "/proposals/prop_win3_0_0/rollback", "POST");
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatch(/rollback window closed at/);
  });

  it("restores a workspace file to its snapshot", async () => {
    await callTool(h, "write_file", { path: "/workspace/plan.md", content: "draft" }, "win4_0_0");
    await callTool(h, "write_file", { path: "plan.md", content: "final" }, "win5_0_0");
    const rolled = await apiCall(h, "/proposals/prop_win5_0_0/rollback", "POST");
    expect(rolled.body.outcome).toBe("rolled_back");
    const read = await callTool(h, "shell", { command: "cat plan.md" }, "read1_0_0");
    expect(read).toMatchObject({ kind: "executed", output: expect.stringContaining("draft") });
  });
});

describe("hold_then_execute: the undo-send outbox", () => {
  it("holds an email for the window, then sends it exactly once", async () => {
    const outcome = await callTool(
      h,
      "send_email",
      { to: "ap@globex.test", subject: "Statement", text: "Your statement is attached." },
      "hold1_0_0",
    );
    expect(outcome).toMatchObject({
      kind: "executed",
      output: expect.stringMatching(/held as prop_hold1_0_0/),
    });
    expect((await proposalRow(h, "prop_hold1_0_0")).proposal).toMatchObject({
      status: "approved",
      mode: "hold_then_execute",
    });
    expect(h.email.delivered).toHaveLength(0);

    advance(5 * MINUTE);
    await runDurableObjectAlarm(h.stub);
    expect(h.email.delivered).toHaveLength(0);

    advance(11 * MINUTE);
    await runDurableObjectAlarm(h.stub);
    expect(h.email.delivered).toEqual([
      expect.objectContaining({
        to: ["ap@globex.test"],
        subject: "Statement",
        idempotencyKey: "exec_prop_hold1_0_0",
      }),
    ]);
    expect((await proposalRow(h, "prop_hold1_0_0")).proposal.status).toBe("executed");
    await runDurableObjectAlarm(h.stub);
    expect(h.email.delivered).toHaveLength(1);
  });

  it("sends nothing when an approver presses Cancel send in time", async () => {
    await callTool(
      h,
      "send_email",
      { to: "ap@globex.test", subject: "Oops", text: "Wrong draft" },
      "hold2_0_0",
    );
    await pressButton(h, proposalCallbackData("prop_hold2_0_0", "cancel"), "9001");
    expect((await proposalRow(h, "prop_hold2_0_0")).proposal).toMatchObject({
      status: "cancelled",
      decidedBy: "user:telegram:777000111",
    });
    advance(20 * MINUTE);
    await runDurableObjectAlarm(h.stub);
    expect(h.email.delivered.map((e) => e.subject)).not.toContain("Oops");
    const late = await apiCall(h, "/proposals/prop_hold2_0_0/cancel", "POST");
    expect(late.status).toBe(409);
  });
});

describe("require_approval", () => {
  it("waits for an approver, then runs from the alarm; the compensating call rolls it back", async () => {
    const outcome = await callTool(
      h,
      "http_request",
      {
        method: "POST",
        url: "https://api.example.test/invoices",
        headers: INVOICING_AUTH,
        body: '{"client":"globex"}',
        compensate: {
          method: "DELETE",
          url: "https://api.example.test/invoices/inv_1",
          headers: INVOICING_AUTH,
        },
      },
      "appr1_0_0",
    );
    expect(outcome).toMatchObject({ kind: "proposed" });
    expect(h.invoicing.calls).toHaveLength(0);
    const approved = await apiCall(h, "/proposals/prop_appr1_0_0/approve", "POST");
    expect(approved.status).toBe(202);
    expect(approved.body.proposal.status).toBe("approved");
    await runDurableObjectAlarm(h.stub);
    expect(h.invoicing.calls).toEqual([
      {
        method: "POST",
        path: "/invoices",
        idempotencyKey: "exec_prop_appr1_0_0",
        body: '{"client":"globex"}',
      },
    ]);
    const rolled = await apiCall(h, "/proposals/prop_appr1_0_0/rollback", "POST");
    expect(rolled.body.outcome).toBe("rolled_back");
    expect(h.invoicing.calls.at(-1)).toEqual({
      method: "DELETE",
      path: "/invoices/inv_1",
      idempotencyKey: "exec_prop_appr1_0_0_undo",
      body: null,
    });
  });

  it("needs two distinct approvers to move money; the same approver twice counts once", async () => {
    await callTool(
      h,
      "http_request",
      { method: "POST", url: "https://api.example.test/payments", headers: INVOICING_AUTH },
      "two1_0_0",
    );
    const first = await apiCall(h, "/proposals/prop_two1_0_0/approve", "POST");
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ approvals: 1, needed: 2, proposal: { status: "pending" } });
    expect((await apiCall(h, "/proposals/prop_two1_0_0/approve", "POST")).status).toBe(409);
    await pressButton(h, proposalCallbackData("prop_two1_0_0", "approve"), "9002");
    const { proposal, votes } = await proposalRow(h, "prop_two1_0_0");
    expect(proposal).toMatchObject({ status: "approved", approvalsReceived: 2 });
    expect(votes.map((v: { approver: string }) => v.approver).sort()).toEqual([
      "api:admin",
      "user:telegram:777000111",
    ]);
    await runDurableObjectAlarm(h.stub);
    expect(h.invoicing.calls.filter((c) => c.path === "/payments")).toHaveLength(1);
  });
});

describe("entity guards and forbid", () => {
  it("blocks a payment reminder to a client in dispute: it waits for a human and is never sent on its own", async () => {
    const outcome = await callTool(
      h,
      "send_email",
      { to: "Billing@Acme.test", subject: "Reminder: invoice 1042 is overdue", text: "Please pay." },
      "guard1_0_0",
    );
    expect(outcome).toMatchObject({ kind: "proposed", decision: { rule: "guard:in_dispute" } });
    advance(60 * MINUTE);
    await runDurableObjectAlarm(h.stub);
    expect(h.email.delivered.map((e) => e.subject)).not.toContain("Reminder: invoice 1042 is overdue");
    const { proposal } = await proposalRow(h, "prop_guard1_0_0");
    expect(proposal).toMatchObject({ status: "pending", mode: "require_approval", entityIds: ["ent_acme"] });
    expect(proposal.statusReason).toMatch(/dispute/);
  });

  it("forbids contacting a do-not-contact client, and records the refusal", async () => {
    const outcome = await callTool(
      h,
      "send_email",
      { to: "bill@initech.test", subject: "Hi", text: "Hello" },
      "forbid1_0_0",
    );
    expect(outcome).toMatchObject({
      kind: "denied",
      output: expect.stringMatching(/forbidden by guard:do_not_contact/),
    });
    const { proposal, audit } = await proposalRow(h, "prop_forbid1_0_0");
    expect(proposal.status).toBe("rejected");
    expect(audit).toContainEqual(
      expect.objectContaining({ action: "proposal.rejected", actor: "policy:guard:do_not_contact" }),
    );
  });
});
