/**
 * The dashboard's inbox: pending proposals with what will run, risk, mode, approvers and the
 * time left; approve and reject through the same path as the API and the chat buttons (one
 * execution however many submit at once); a viewer or a member off the approver list refused
 * with a 403 and nothing changed; another tenant's member, forged requests and HTML in shown
 * fields getting nowhere.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { database } from "../../db/client";
import { getEntity } from "../../db/queries/entities";
import { insertSession } from "../../db/queries/member-sessions";
import { createProposal } from "../../db/queries/proposals";
import { newSessionSecret, sessionDigest } from "../../kernel/members/session-token";
import { proposalCallbackData } from "../../kernel/proposals";
import { DashboardClient, lastCodeSentTo } from "./dashboard-client";
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
import { STRANGER, USER } from "./telegram-updates";

let h: Harness;
const TENANT = "dashbox";
const ADA = String(USER.id);
const MALLORY = String(STRANGER.id);
let ada: DashboardClient;
let vic: DashboardClient;
let mallory: DashboardClient;

const invoice = (key: string) =>
  callTool(
    h,
    "http_request",
    { method: "POST", url: `https://api.example.test/invoices/${key}`, headers: INVOICING_AUTH },
    key,
  );
const posts = (key: string) => h.invoicing.calls.filter((c) => c.path === `/invoices/${key}`);
const codesTo = (chatId: string) =>
  h.telegram
    .sentMessages()
    .filter((m) => String(m.chat_id) === chatId && String(m.text).includes("sign-in code"));

async function signIn(login: string, chatId: string): Promise<DashboardClient> {
  const client = new DashboardClient(TENANT);
  const before = codesTo(chatId).length;
  await client.requestCode(login);
  await vi.waitFor(() => expect(codesTo(chatId).length).toBeGreaterThan(before), {
    timeout: 10_000,
    interval: 100,
  });
  const response = await client.enterCode(login, lastCodeSentTo(h.telegram, chatId)!);
  expect(response.status).toBe(303);
  await client.readCsrf();
  return client;
}

const inbox = async (client: DashboardClient) => (await client.fetch(`/app/${TENANT}/inbox`)).text();
const decide = (client: DashboardClient, id: string, verb: "approve" | "reject") =>
  client.postJson(`/app/${TENANT}/proposals/${id}/${verb}`);

beforeAll(async () => {
  h = await setUpProposalTenant(TENANT);
  const add = (login: string, role: string, userId: string) =>
    apiCall(h, "/members", "POST", {
      login,
      name: `${login} member`,
      role,
      channelId: h.tenant.channelId,
      userId,
    });
  expect((await add("ada", "approver", ADA)).status).toBe(201);
  expect((await add("vic", "viewer", ADA)).status).toBe(201);
  // An approver by role whose chat identity is on no approver list.
  expect((await add("mallory", "approver", MALLORY)).status).toBe(201);
  ada = await signIn("ada", ADA);
  vic = await signIn("vic", ADA);
  mallory = await signIn("mallory", MALLORY);
});
afterAll(() => tearDown(h));

describe("the inbox", () => {
  it("shows a pending proposal: what will run, risk, mode, who may approve, the time left", async () => {
    expect((await invoice("show_0_0")).kind).toBe("proposed");
    const page = await inbox(ada);
    expect(page).toContain('data-proposal="prop_show_0_0"');
    expect(page).toContain("https://api.example.test/invoices/show_0_0");
    expect(page).toContain("http_request");
    const card = page.split('data-proposal="prop_show_0_0"')[1]!.split("</article>")[0]!;
    expect(card).toMatch(/<dt>Risk<\/dt><dd>[a-z_]+<\/dd>/);
    expect(card).toMatch(/<dt>Mode<\/dt><dd>require_approval<\/dd>/);
    expect(card).toContain(`ada member (${ADA})`);
    expect(card).toMatch(/\d+ (min|h)/);
    expect(card).toContain("/proposals/prop_show_0_0/approve");
  });

  it("serves the list fragment the page's script polls, so a new proposal appears without a reload", async () => {
    const before = await (
      await ada.fetch(`/app/${TENANT}/inbox/items`, { headers: { "X-Dashboard-Fragment": "1" } })
    ).text();
    expect(before).not.toContain("prop_poll_0_0");
    await invoice("poll_0_0");
    const after = await (
      await ada.fetch(`/app/${TENANT}/inbox/items`, { headers: { "X-Dashboard-Fragment": "1" } })
    ).text();
    expect(after).toContain('data-proposal="prop_poll_0_0"');
    expect(after).not.toContain("<html");
  });

  it("shows a viewer the proposal without buttons, and says why", async () => {
    const card = (await inbox(vic)).split('data-proposal="prop_show_0_0"')[1]!.split("</article>")[0]!;
    expect(card).not.toContain("/approve");
    expect(card).toContain("a viewer cannot decide proposals");
  });

  it("ignores absurd query parameters and reflects none of them", async () => {
    const response = await ada.fetch(
      `/app/${TENANT}/inbox?limit=-1&status=%3Cscript%3E&${"x".repeat(2000)}=1`,
    );
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).not.toContain("<script>");
    expect(page).not.toContain("x".repeat(100));
  });

  it("sends every page with a policy that allows no inline script", async () => {
    const response = await ada.fetch(`/app/${TENANT}/inbox`);
    expect(response.headers.get("Content-Security-Policy")).toContain("script-src 'self'");
    expect(response.headers.get("Content-Security-Policy")).not.toContain("unsafe-inline");
  });
});

describe("deciding from the dashboard", () => {
  it("approves once: a double submit and a chat press at the same moment execute it once", async () => {
    await invoice("once_0_0");
    const results = await Promise.all([
      decide(ada, "prop_once_0_0", "approve"),
      decide(ada, "prop_once_0_0", "approve"),
      pressButton(h, proposalCallbackData("prop_once_0_0", "approve"), "9101"),
    ]);
    const statuses = [results[0].status, results[1].status].sort();
    expect(statuses.filter((s) => s === 202).length).toBeLessThanOrEqual(1);
    expect(statuses.every((s) => s === 202 || s === 409)).toBe(true);
    await runDurableObjectAlarm(h.stub);
    await runDurableObjectAlarm(h.stub);
    expect(posts("once_0_0")).toHaveLength(1);
    const { proposal, audit } = await proposalRow(h, "prop_once_0_0");
    expect(proposal.status).toBe("executed");
    expect(proposal.decidedBy).toBe(`user:telegram:${ADA}`);
    expect(audit.filter((e: { action: string }) => e.action === "proposal.approved")).toHaveLength(1);
    expect((await decide(ada, "prop_once_0_0", "approve")).status).toBe(409);
    const page = await inbox(ada);
    expect(page).not.toContain('data-proposal="prop_once_0_0"');
    // Followed to its end under the inbox.
    const decided = page.split('data-decided="prop_once_0_0"')[1]!.split("</article>")[0]!;
    expect(decided).toContain('<dd data-field="status">executed</dd>');
    expect(decided).toContain(`user:telegram:${ADA}`);
    // Sign-ins and decisions are sealed into the dashboard's own audit chain, which verifies.
    const verified = await apiCall(h, "/audit/verify");
    expect(verified.body.ok).toBe(true);
    expect(verified.body.breaks).toEqual([]);
    const dashboardChain = verified.body.chains.find(
      (chain: { writer: string }) => chain.writer === "dashboard",
    );
    // Three sign-ins at least (the approval is the thread's when the chat press won the race).
    expect(dashboardChain?.entries).toBeGreaterThanOrEqual(3);
  });

  it("approves with a plain form post too (no script), answering with a page", async () => {
    await invoice("form_0_0");
    const response = await ada.postForm(`/app/${TENANT}/proposals/prop_form_0_0/approve`, { csrf: ada.csrf });
    expect(response.status).toBe(202);
    expect(await response.text()).toContain("Approved");
    await runDurableObjectAlarm(h.stub);
    expect(posts("form_0_0")).toHaveLength(1);
  });

  it("rejects: nothing runs", async () => {
    await invoice("no_0_0");
    const response = await decide(ada, "prop_no_0_0", "reject");
    expect(response.status).toBe(200);
    await runDurableObjectAlarm(h.stub);
    expect(posts("no_0_0")).toHaveLength(0);
    expect((await proposalRow(h, "prop_no_0_0")).proposal.status).toBe("rejected");
  });

  it("refuses a viewer with 403 and changes nothing", async () => {
    await invoice("view_0_0");
    const response = await decide(vic, "prop_view_0_0", "approve");
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: string }).error).toContain("a viewer cannot decide");
    const { proposal, votes } = await proposalRow(h, "prop_view_0_0");
    expect(proposal.status).toBe("pending");
    expect(votes).toEqual([]);
  });

  it("refuses an approver by role who is on no approver list, exactly as the chat would", async () => {
    const response = await decide(mallory, "prop_view_0_0", "approve");
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: string }).error).toContain("not an approver");
    expect((await proposalRow(h, "prop_view_0_0")).votes).toEqual([]);
    // Put on the tenant's approver list, the same identity may decide.
    await apiCall(h, "/approvers", "POST", { platform: "telegram", userId: MALLORY, name: "Mallory" });
    expect((await decide(mallory, "prop_view_0_0", "reject")).status).toBe(200);
    expect((await proposalRow(h, "prop_view_0_0")).proposal.status).toBe("rejected");
  });

  it("refuses a decision without the CSRF token, or with a wrong one, and changes nothing", async () => {
    await invoice("csrf_0_0");
    expect((await ada.postJson(`/app/${TENANT}/proposals/prop_csrf_0_0/approve`, null)).status).toBe(403);
    expect((await ada.postJson(`/app/${TENANT}/proposals/prop_csrf_0_0/approve`, vic.csrf)).status).toBe(403);
    expect((await ada.postForm(`/app/${TENANT}/proposals/prop_csrf_0_0/approve`, {})).status).toBe(403);
    const { proposal, votes } = await proposalRow(h, "prop_csrf_0_0");
    expect(proposal.status).toBe("pending");
    expect(votes).toEqual([]);
  });

  it("answers 409 for a proposal whose window passed", async () => {
    await invoice("late_0_0");
    const { proposal } = await proposalRow(h, "prop_late_0_0");
    advance(proposal.expiresAt - Date.now() + MINUTE);
    const response = await decide(ada, "prop_late_0_0", "approve");
    expect(response.status).toBe(409);
    expect((await proposalRow(h, "prop_late_0_0")).proposal.status).toBe("expired");
    expect(posts("late_0_0")).toHaveLength(0);
  });

  it("answers 404 for an id that is not a proposal of the tenant", async () => {
    expect((await decide(ada, "prop_nosuch", "approve")).status).toBe(404);
    expect((await decide(ada, "<script>", "approve")).status).toBe(404);
    expect((await decide(ada, `prop_${"x".repeat(500)}`, "approve")).status).toBe(404);
  });
});

describe("rolling back and cancelling from the dashboard", () => {
  it("rolls back an executed, reversible change inside its window; a viewer cannot", async () => {
    await addEntity(h, "ent_dash", { name: "Dash Ltd", data: { tier: "gold" } });
    expect(
      (
        await callTool(
          h,
          "update_record",
          { entityId: "ent_dash", field: "tier", value: "silver" },
          "undo_0_0",
        )
      ).kind,
    ).toBe("executed");
    const card = (await inbox(ada)).split('data-decided="prop_undo_0_0"')[1]!.split("</article>")[0]!;
    expect(card).toContain("/proposals/prop_undo_0_0/rollback");
    expect(card).toContain("Undo window");
    expect((await inbox(vic)).split('data-decided="prop_undo_0_0"')[1]!.split("</article>")[0]).not.toContain(
      "/rollback",
    );

    expect((await vic.postJson(`/app/${TENANT}/proposals/prop_undo_0_0/rollback`)).status).toBe(403);
    expect((await ada.postJson(`/app/${TENANT}/proposals/prop_undo_0_0/rollback`, null)).status).toBe(403);
    expect((await getEntity(h.db, TENANT, "ent_dash"))?.data).toEqual({ tier: "silver" });

    const rolled = await ada.postJson(`/app/${TENANT}/proposals/prop_undo_0_0/rollback`);
    expect(rolled.status).toBe(200);
    expect(((await rolled.json()) as { message: string }).message).toMatch(/^Rolled back/);
    expect((await getEntity(h.db, TENANT, "ent_dash"))?.data).toEqual({ tier: "gold" });
    expect((await proposalRow(h, "prop_undo_0_0")).proposal.status).toBe("rolled_back");
    expect((await ada.postJson(`/app/${TENANT}/proposals/prop_undo_0_0/rollback`)).status).toBe(409);
  });

  it("cancels a held email before it is sent: nothing goes out", async () => {
    await callTool(h, "send_email", { to: "ap@dash.test", subject: "Held", text: "Draft" }, "held_0_0");
    expect((await proposalRow(h, "prop_held_0_0")).proposal).toMatchObject({
      status: "approved",
      mode: "hold_then_execute",
    });
    const card = (await inbox(ada)).split('data-decided="prop_held_0_0"')[1]!.split("</article>")[0]!;
    expect(card).toContain("/proposals/prop_held_0_0/cancel");
    const cancelled = await ada.postJson(`/app/${TENANT}/proposals/prop_held_0_0/cancel`);
    expect(cancelled.status).toBe(200);
    expect((await proposalRow(h, "prop_held_0_0")).proposal).toMatchObject({
      status: "cancelled",
      decidedBy: `user:telegram:${ADA}`,
    });
    advance(20 * MINUTE);
    await runDurableObjectAlarm(h.stub);
    expect(h.email.delivered.map((e) => e.subject)).not.toContain("Held");
    expect((await ada.postJson(`/app/${TENANT}/proposals/prop_held_0_0/cancel`)).status).toBe(409);
  });
});

describe("what a page shows is inert", () => {
  it("renders HTML and script in a proposal's fields as text", async () => {
    const now = Date.now();
    await createProposal(database(env.DB), {
      id: "prop_html",
      tenantId: TENANT,
      threadId: h.threadId,
      agentId: "operations",
      tool: "shell",
      input: { command: '<script>alert("x")</script>' },
      rule: "<b>rule</b>",
      reason: '<img src=x onerror="alert(1)">',
      target: "</dd><script>alert(2)</script>",
      status: "pending",
      createdAt: now,
      expiresAt: now + 60 * MINUTE,
    });
    const page = await inbox(ada);
    expect(page).toContain('data-proposal="prop_html"');
    expect(page).not.toContain("<script>alert");
    expect(page).not.toContain("<img src=x");
    expect(page).not.toContain("<b>rule</b>");
    expect(page).toContain("&lt;script&gt;alert(");
    expect(page).toContain("&lt;img src=x onerror=");
  });
});

describe("another tenant's member", () => {
  let outsider: DashboardClient;

  beforeAll(async () => {
    const other = await seedTenant("dashother");
    expect(
      (
        await apiCall({ ...h, tenant: other }, "/members", "POST", {
          login: "ada",
          name: "Other Ada",
          role: "owner",
          channelId: other.channelId,
          userId: ADA,
        })
      ).status,
    ).toBe(201);
    const { body } = await apiCall({ ...h, tenant: other }, "/members");
    // A live session of the other tenant, as its sign-in would have written it.
    const secret = newSessionSecret();
    await insertSession(database(env.DB), {
      id: "ses_outsider",
      tenantId: "dashother",
      memberId: body.members[0].id,
      tokenHash: await sessionDigest(secret),
      userAgent: "test",
      createdAt: Date.now(),
      lastSeenAt: Date.now(),
      expiresAt: Date.now() + 60 * MINUTE,
    });
    outsider = new DashboardClient("dashother");
    outsider.cookies.set("cairn_session", secret);
    await outsider.readCsrf();
  });

  it("sees nothing of the first tenant: its own inbox is empty, the first tenant's pages send it to sign in", async () => {
    await invoice("iso_0_0");
    const own = await (await outsider.fetch("/app/dashother/inbox")).text();
    expect(own).toContain("Nothing is waiting");
    expect(own).not.toContain("prop_");
    const theirs = await outsider.fetch(`/app/${TENANT}/inbox`);
    expect(theirs.status).toBe(303);
    expect(theirs.headers.get("Location")).toBe(`/app/${TENANT}/sign-in`);
    const fragment = await outsider.fetch(`/app/${TENANT}/inbox/items`, {
      headers: { "X-Dashboard-Fragment": "1" },
    });
    expect(fragment.status).toBe(401);
    expect(await fragment.text()).not.toContain("prop_iso");
    expect((await outsider.fetch(`/app/${TENANT}/sessions`)).status).toBe(303);
  });

  it("cannot decide the first tenant's proposal from either tenant's URL", async () => {
    expect((await outsider.postJson(`/app/${TENANT}/proposals/prop_iso_0_0/approve`)).status).toBe(401);
    expect((await outsider.postJson("/app/dashother/proposals/prop_iso_0_0/approve")).status).toBe(404);
    const { proposal, votes } = await proposalRow(h, "prop_iso_0_0");
    expect(proposal.status).toBe("pending");
    expect(votes).toEqual([]);
  });

  it("refuses a tenant id that is no tenant id", async () => {
    expect((await outsider.fetch("/app/NOT..a..tenant/inbox")).status).toBe(400);
    expect((await outsider.fetch(`/app/${"a".repeat(100)}/inbox`)).status).toBe(400);
  });
});
