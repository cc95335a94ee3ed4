/**
 * The lifecycle under pressure: two approvals at the same moment, approval after expiry, the
 * thread evicted between approval and execution, buttons from approvers and strangers, the card
 * edited in place, another tenant's requests, and bad API input.
 */
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getEntity } from "../../db/queries/entities";
import { createProposal, transitionProposal } from "../../db/queries/proposals";
import { MAX_ATTEMPTS, Schedules } from "../../durable-objects/schedules";
import { auditWriter } from "../../kernel/audit/chain";
import { proposalCallbackData } from "../../kernel/proposals";
import { auditChain } from "../../runtime/audit-chain";
import { seedTenant } from "./fixtures";
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
import { STRANGER } from "./telegram-updates";

let h: Harness;
const invoice = (key: string) =>
  callTool(
    h,
    "http_request",
    { method: "POST", url: `https://api.example.test/invoices/${key}`, headers: INVOICING_AUTH },
    key,
  );
const posts = (key: string) => h.invoicing.calls.filter((c) => c.path === `/invoices/${key}`);

beforeAll(async () => {
  h = await setUpProposalTenant("races");
  await addEntity(h, "ent_hooli", { name: "Hooli", data: { tier: "gold" } });
  await addEntity(h, "ent_umbrella", { name: "Umbrella", data: { tier: "gold" } });
});
afterAll(() => tearDown(h));

describe("exactly once", () => {
  it("executes once when the API and the chat button approve at the same moment", async () => {
    expect((await invoice("race1_0_0")).kind).toBe("proposed");
    const [viaApi] = await Promise.all([
      apiCall(h, "/proposals/prop_race1_0_0/approve", "POST"),
      pressButton(h, proposalCallbackData("prop_race1_0_0", "approve"), "8001"),
    ]);
    expect([202, 409]).toContain(viaApi.status);
    const { proposal, audit } = await proposalRow(h, "prop_race1_0_0");
    expect(proposal.status).toBe("approved");
    expect(audit.filter((e: { action: string }) => e.action === "proposal.approved")).toHaveLength(1);

    await runDurableObjectAlarm(h.stub);
    await runDurableObjectAlarm(h.stub);
    expect(posts("race1_0_0")).toHaveLength(1);
    expect((await proposalRow(h, "prop_race1_0_0")).proposal.status).toBe("executed");
    expect((await apiCall(h, "/proposals/prop_race1_0_0/approve", "POST")).status).toBe(409);
  });

  it("survives eviction between approval and execution: the alarm runs it, once", async () => {
    await invoice("evict1_0_0");
    expect((await apiCall(h, "/proposals/prop_evict1_0_0/approve", "POST")).status).toBe(202);
    await evictDurableObject(h.stub);
    expect(posts("evict1_0_0")).toHaveLength(0);
    expect(await runDurableObjectAlarm(h.stub)).toBe(true);
    expect(posts("evict1_0_0")).toEqual([
      { method: "POST", path: "/invoices/evict1_0_0", idempotencyKey: "exec_prop_evict1_0_0", body: null },
    ]);
    const { proposal, audit } = await proposalRow(h, "prop_evict1_0_0");
    expect(proposal.status).toBe("executed");
    expect(audit.map((e: { action: string }) => e.action)).toEqual([
      // The proposal layer's verdict (new) comes first: it was checked before it was created.
      "dedup.proposal",
      "proposal.pending",
      "proposal.created",
      "proposal.approved",
      "proposal.executing",
      "proposal.executed",
    ]);
  });

  it("resumes an execution cut off by eviction, under the same idempotency key", async () => {
    await invoice("cut1_0_0");
    expect((await apiCall(h, "/proposals/prop_cut1_0_0/approve", "POST")).status).toBe(202);
    await runDurableObjectAlarm(h.stub);
    expect(posts("cut1_0_0")).toHaveLength(1);
    // As if the object died after the call went out and before the row was marked: back to
    // executing, the timer still there.
    await h.db.run(
      sql`UPDATE proposals SET status = 'executing' WHERE tenant_id = 'races' AND id = 'prop_cut1_0_0'`,
    );
    await runInDurableObject(h.stub, async (_instance, state) => {
      await new Schedules(state.storage.sql, state.storage).put(
        "proposal.execute:prop_cut1_0_0",
        "proposal.execute",
        Date.now(),
        { tenantId: "races", proposalId: "prop_cut1_0_0" },
      );
    });
    await evictDurableObject(h.stub);
    await runDurableObjectAlarm(h.stub);
    expect((await proposalRow(h, "prop_cut1_0_0")).proposal.status).toBe("executed");
    // The call is repeated with the same Idempotency-Key, which the API uses to drop it.
    expect(new Set(posts("cut1_0_0").map((c) => c.idempotencyKey))).toEqual(new Set(["exec_prop_cut1_0_0"]));
  });

  it("ends an execution cut short on every attempt as failed, tells the chat once, and calls nothing again", async () => {
    await invoice("giveup1_0_0");
    expect((await apiCall(h, "/proposals/prop_giveup1_0_0/approve", "POST")).status).toBe(202);
    // As if each attempt died mid-call: executing, its timer there with every attempt counted.
    await h.db.run(
      sql`UPDATE proposals SET status = 'executing' WHERE tenant_id = 'races' AND id = 'prop_giveup1_0_0'`,
    );
    await runInDurableObject(h.stub, async (_instance, state) => {
      state.storage.sql.exec(
        "UPDATE schedules SET attempts = ? WHERE key = 'proposal.execute:prop_giveup1_0_0'",
        MAX_ATTEMPTS,
      );
    });
    await evictDurableObject(h.stub);
    await runDurableObjectAlarm(h.stub);
    const { proposal, audit } = await proposalRow(h, "prop_giveup1_0_0");
    expect(proposal).toMatchObject({ status: "failed", result: { ok: false } });
    expect(proposal.result.output).toContain("may have run in part, check by hand");
    expect(audit.at(-1)).toMatchObject({ action: "proposal.failed", actor: "system" });
    expect(posts("giveup1_0_0")).toHaveLength(0);
    const told = () =>
      h.telegram
        .sentMessages()
        .filter((body) =>
          String((body as { text?: unknown }).text).includes("prop_giveup1_0_0 could not be executed"),
        );
    await vi.waitFor(() => expect(told()).toHaveLength(1), { timeout: 10_000 });
    // Nothing is left to run it: another alarm neither executes it nor tells anyone again.
    expect(await runDurableObjectAlarm(h.stub)).toBe(false);
    expect((await apiCall(h, "/proposals/prop_giveup1_0_0/approve", "POST")).status).toBe(409);
    expect(posts("giveup1_0_0")).toHaveLength(0);
    expect(told()).toHaveLength(1);
  });

  it("settles a rollback cut off by eviction as rollback_failed when its window closes, never silently", async () => {
    await callTool(
      h,
      "update_record",
      { entityId: "ent_umbrella", field: "tier", value: "bronze" },
      "cutrb_0_0",
    );
    await h.db.run(
      sql`UPDATE proposals SET status = 'rolling_back' WHERE tenant_id = 'races' AND id = 'prop_cutrb_0_0'`,
    );
    await evictDurableObject(h.stub);
    advance(16 * MINUTE);
    await runDurableObjectAlarm(h.stub);
    const { proposal, audit } = await proposalRow(h, "prop_cutrb_0_0");
    expect(proposal).toMatchObject({ status: "rollback_failed", inverse: null });
    expect(audit.at(-1)).toMatchObject({ action: "proposal.rollback_failed", actor: "system" });
  });
});

describe("D1 transitions", () => {
  it("lets exactly one of two racing moves happen, with exactly one audit entry", async () => {
    await invoice("d1race_0_0");
    const move = (actor: string) =>
      transitionProposal(h.db, "races", "prop_d1race_0_0", ["pending"], "rejected", {
        id: `aud_${actor}`,
        actor,
        reason: "racing",
        at: Date.now(),
        chain: auditChain(env, "races", auditWriter.api),
      });
    const results = await Promise.all([move("first"), move("second"), move("third")]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    const { audit } = await proposalRow(h, "prop_d1race_0_0");
    expect(audit.filter((e: { action: string }) => e.action === "proposal.rejected")).toHaveLength(1);
  });
});

describe("expiry", () => {
  it("refuses an approval after the proposal expired, and says so", async () => {
    await invoice("late1_0_0");
    advance(24 * 60 * MINUTE + MINUTE);
    const late = await apiCall(h, "/proposals/prop_late1_0_0/approve", "POST");
    expect(late.status).toBe(409);
    expect(late.body.error).toMatch(/expired/);
    const { proposal, audit } = await proposalRow(h, "prop_late1_0_0");
    expect(proposal.status).toBe("expired");
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: "proposal.expired",
        actor: "system",
        detail: expect.objectContaining({ attemptedBy: "api:admin" }),
      }),
    );
    await runDurableObjectAlarm(h.stub);
    expect(posts("late1_0_0")).toHaveLength(0);
  });

  it("expires an undecided proposal on the alarm, with no one asking", async () => {
    await invoice("late2_0_0");
    advance(24 * 60 * MINUTE + MINUTE);
    await runDurableObjectAlarm(h.stub);
    expect((await proposalRow(h, "prop_late2_0_0")).proposal.status).toBe("expired");
  });
});

describe("chat buttons", () => {
  it("ignores a stranger's button, and audits the attempt", async () => {
    await callTool(h, "update_record", { entityId: "ent_hooli", field: "tier", value: "silver" }, "btn1_0_0");
    await pressButton(h, proposalCallbackData("prop_btn1_0_0", "rollback"), "8101", String(STRANGER.id));
    const { proposal } = await proposalRow(h, "prop_btn1_0_0");
    expect(proposal.status).toBe("executed");
    const audit = await apiCall(h, "/audit?limit=200");
    expect(audit.body.entries).toContainEqual(
      expect.objectContaining({ action: "proposal.approval_refused", subjectId: "prop_btn1_0_0" }),
    );
  });

  it("rolls back from the chat inside the window and edits the card in place", async () => {
    await pressButton(h, proposalCallbackData("prop_btn1_0_0", "rollback"), "8102");
    expect((await proposalRow(h, "prop_btn1_0_0")).proposal.status).toBe("rolled_back");
    expect((await getEntity(h.db, "races", "ent_hooli"))?.data).toEqual({ tier: "gold" });
    await vi.waitFor(
      () => {
        const edits = h.telegram.calls.filter((c) => c.method === "editMessageText").map((c) => c.body);
        expect(edits).toContainEqual(
          expect.objectContaining({
            message_id: 1000,
            text: expect.stringMatching(/^Rolled back \(prop_btn1_0_0\)/),
            reply_markup: { inline_keyboard: [] },
          }),
        );
        const answers = h.telegram.calls
          .filter((c) => c.method === "answerCallbackQuery")
          .map((c) => c.body.text);
        expect(answers).toContain("Rolled back: Hooli: tier restored");
      },
      { timeout: 15_000, interval: 100 },
    );
  });

  it("refuses a card pressed in another conversation: a proposal runs only in its own thread", async () => {
    await createProposal(h.db, {
      id: "prop_elsewhere1",
      tenantId: "races",
      threadId: "races:telegram:424242",
      agentId: "operations",
      tool: "http_request",
      input: { method: "POST", url: "https://api.example.test/invoices/elsewhere", headers: INVOICING_AUTH },
      rule: "tools.allow[1]",
      reason: "outbound http needs approval",
      status: "pending",
      createdAt: Date.now(),
      expiresAt: Date.now() + 60 * MINUTE,
    });
    await pressButton(h, proposalCallbackData("prop_elsewhere1", "approve"), "8104");
    expect((await proposalRow(h, "prop_elsewhere1")).proposal.status).toBe("pending");
    await vi.waitFor(
      () => {
        const answers = h.telegram.calls
          .filter((c) => c.method === "answerCallbackQuery")
          .map((c) => c.body.text);
        expect(answers).toContain("That button belongs to another conversation.");
      },
      { timeout: 15_000, interval: 100 },
    );
  });

  it("approves from the chat: the card shows the outcome after the alarm ran it", async () => {
    await invoice("btn2_0_0");
    await pressButton(h, proposalCallbackData("prop_btn2_0_0", "approve"), "8103");
    await runDurableObjectAlarm(h.stub);
    expect(posts("btn2_0_0")).toHaveLength(1);
    await vi.waitFor(
      () => {
        const edits = h.telegram.calls
          .filter((c) => c.method === "editMessageText")
          .map((c) => String(c.body.text));
        expect(edits.some((text) => text.startsWith("Done (prop_btn2_0_0)"))).toBe(true);
      },
      { timeout: 15_000, interval: 100 },
    );
  });
});

describe("the API", () => {
  it("lets an approver added to the tenant's list decide from the chat", async () => {
    await invoice("list1_0_0");
    const press = (pressId: string) =>
      pressButton(h, proposalCallbackData("prop_list1_0_0", "reject"), pressId, String(STRANGER.id));
    await press("8201");
    expect((await proposalRow(h, "prop_list1_0_0")).proposal.status).toBe("pending");
    const added = await apiCall(h, "/approvers", "POST", {
      platform: "telegram",
      userId: String(STRANGER.id),
      name: "Mallory",
    });
    expect(added).toMatchObject({ status: 201, body: { approver: { userId: String(STRANGER.id) } } });
    expect(
      (await apiCall(h, "/approvers", "POST", { platform: "fax", userId: "1", name: "x" })).body.field,
    ).toBe("platform");
    await press("8202");
    expect((await proposalRow(h, "prop_list1_0_0")).proposal).toMatchObject({
      status: "rejected",
      decidedBy: `user:telegram:${STRANGER.id}`,
    });
    const removed = await apiCall(h, `/approvers/${added.body.approver.id}`, "DELETE");
    expect(removed.status).toBe(204);
  });

  it("keeps tenants apart: another tenant can neither see nor roll back a proposal", async () => {
    const other = await seedTenant("otherco");
    const asOther = (path: string, method = "GET") => apiCall({ ...h, tenant: other }, path, method);
    expect((await asOther("/proposals/prop_race1_0_0")).status).toBe(404);
    expect((await asOther("/proposals/prop_race1_0_0/rollback", "POST")).status).toBe(404);
    expect((await asOther("/proposals/prop_race1_0_0/cancel", "POST")).status).toBe(404);
  });

  it("filters the list and names the bad field", async () => {
    const executed = await apiCall(h, "/proposals?status=executed&tool=http_request");
    expect(executed.body.proposals.map((p: { id: string }) => p.id).sort()).toEqual([
      "prop_btn2_0_0",
      "prop_cut1_0_0",
      "prop_evict1_0_0",
      "prop_race1_0_0",
    ]);
    const windowed = await apiCall(h, "/proposals?mode=auto_with_window");
    expect(windowed.body.proposals.map((p: { id: string }) => p.id).sort()).toEqual([
      "prop_btn1_0_0",
      "prop_cutrb_0_0",
    ]);
    const bad = await apiCall(h, "/proposals?mode=sometimes");
    expect(bad).toMatchObject({ status: 400, body: { field: "mode" } });
    const badBody = await apiCall(h, "/proposals/prop_btn1_0_0/rollback", "POST", { reason: 42 });
    expect(badBody).toMatchObject({ status: 400, body: { field: "reason" } });
  });
});
