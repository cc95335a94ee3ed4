/**
 * Dashboard sign-in: members managed with the admin API, a code sent to the member's chat through
 * the outbox (read back from the fake Bot API), the session cookie's flags, sessions listed and
 * revoked, sign-out — and every way to get in without the code failing with nothing changed.
 */
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DashboardClient, lastCodeSentTo } from "./dashboard-client";
import { advance, apiCall, type Harness, MINUTE, setUpProposalTenant, tearDown } from "./proposals-harness";
import { USER } from "./telegram-updates";

let h: Harness;
const TENANT = "dashin";
const ADA = String(USER.id);

async function codeFor(chatId: string, after: number): Promise<string> {
  let code: string | null = null;
  await vi.waitFor(
    () => {
      const sent = h.telegram.sentMessages().filter((m) => String(m.text).includes("sign-in code"));
      expect(sent.length).toBeGreaterThan(after);
      code = lastCodeSentTo(h.telegram, chatId);
      expect(code).toMatch(/^\d{6}$/);
    },
    { timeout: 10_000, interval: 100 },
  );
  return code!;
}
const codesSent = () =>
  h.telegram.sentMessages().filter((m) => String(m.text).includes("sign-in code")).length;

async function signedIn(login = "ada"): Promise<DashboardClient> {
  const client = new DashboardClient(TENANT);
  const before = codesSent();
  expect((await client.requestCode(login)).status).toBe(200);
  const response = await client.enterCode(login, await codeFor(ADA, before));
  expect(response.status).toBe(303);
  await client.readCsrf();
  return client;
}

/** The id of the session a client holds: its own row in the sessions list says "this one". */
async function ownSessionId(client: DashboardClient): Promise<string> {
  const page = await (await client.fetch(`/app/${TENANT}/sessions`)).text();
  const row = page.split("<tr data-session=").find((part) => part.includes("this one"));
  const id = /^"(ses_[a-z0-9_]+)"/.exec(row ?? "")?.[1];
  if (!id) throw new Error("the sessions page does not mark the current session");
  return id;
}

beforeAll(async () => {
  h = await setUpProposalTenant(TENANT);
  const add = (login: string, role: string) =>
    apiCall(h, "/members", "POST", {
      login,
      name: `${login} member`,
      role,
      channelId: h.tenant.channelId,
      userId: ADA,
    });
  expect((await add("ada", "owner")).status).toBe(201);
  expect((await add("vic", "viewer")).status).toBe(201);
});
afterAll(() => tearDown(h));

describe("members in the admin API", () => {
  it("lists members with their role and pairing, and refuses a taken login with 409", async () => {
    const { body } = await apiCall(h, "/members");
    expect(
      body.members.map((m: { login: string; role: string; userId: string }) => [m.login, m.role, m.userId]),
    ).toEqual([
      ["ada", "owner", ADA],
      ["vic", "viewer", ADA],
    ]);
    const again = await apiCall(h, "/members", "POST", {
      login: "ada",
      name: "Other Ada",
      role: "viewer",
      channelId: h.tenant.channelId,
      userId: "1",
    });
    expect(again.status).toBe(409);
    expect(again.body.field).toBe("login");
  });

  it("names the bad field: an unknown role, a channel of nobody, an unknown key", async () => {
    const base = { login: "zed", name: "Zed", role: "viewer", channelId: h.tenant.channelId, userId: "9" };
    expect((await apiCall(h, "/members", "POST", { ...base, role: "god" })).body.field).toBe("role");
    expect((await apiCall(h, "/members", "POST", { ...base, channelId: "ch_nobody" })).body.field).toBe(
      "channelId",
    );
    expect((await apiCall(h, "/members", "POST", { ...base, password: "x" })).status).toBe(400);
    expect((await apiCall(h, "/members", "POST", { ...base, login: "<b>x</b>" })).body.field).toBe("login");
    expect((await apiCall(h, "/members")).body.members).toHaveLength(2);
  });

  it("keeps the last owner: demoting or removing them is a 409", async () => {
    const { body } = await apiCall(h, "/members");
    const ada = body.members.find((m: { login: string }) => m.login === "ada");
    expect((await apiCall(h, `/members/${ada.id}`, "PATCH", { role: "viewer" })).status).toBe(409);
    expect((await apiCall(h, `/members/${ada.id}`, "DELETE")).status).toBe(409);
  });
});

describe("signing in with a code", () => {
  it("sends a code to the member's chat and opens a session with a strict cookie", async () => {
    const client = new DashboardClient(TENANT);
    const before = codesSent();
    const asked = await client.requestCode("ada");
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain("a code is on its way");
    const code = await codeFor(ADA, before);

    const response = await client.enterCode("ada", code.replace(/(\d{3})/, "$1 "));
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe(`/app/${TENANT}/inbox`);
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith("cairn_session="));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/app/);
    expect(await client.readCsrf()).toMatch(/^[0-9a-f]{64}$/);

    const stored = await env.DB.prepare("SELECT code_hash, used_at FROM sign_in_codes WHERE tenant_id = ?")
      .bind(TENANT)
      .all<{ code_hash: string; used_at: number | null }>();
    expect(stored.results.some((row) => row.code_hash.includes(code))).toBe(false);
    expect(stored.results.filter((row) => row.used_at !== null)).toHaveLength(1);
  });

  it("answers an unknown login exactly as a known one, and sends nothing", async () => {
    const client = new DashboardClient(TENANT);
    const before = codesSent();
    const response = await client.requestCode("nobody");
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("If nobody is a member");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(codesSent()).toBe(before);
  });

  it("takes a code once: the second use is a 401", async () => {
    const client = new DashboardClient(TENANT);
    const before = codesSent();
    await client.requestCode("ada");
    const code = await codeFor(ADA, before);
    expect((await client.enterCode("ada", code)).status).toBe(303);
    const other = new DashboardClient(TENANT);
    const replay = await other.enterCode("ada", code);
    expect(replay.status).toBe(401);
    expect(other.cookies.has("cairn_session")).toBe(false);
  });

  it("refuses an expired code", async () => {
    const client = new DashboardClient(TENANT);
    const before = codesSent();
    await client.requestCode("ada");
    const code = await codeFor(ADA, before);
    advance(11 * MINUTE);
    const response = await client.enterCode("ada", code);
    expect(response.status).toBe(401);
    expect(await response.text()).toContain("wrong, expired or already used");
    expect(client.cookies.has("cairn_session")).toBe(false);
  });

  it("spends a code after five wrong tries, even if the right one comes next", async () => {
    const client = new DashboardClient(TENANT);
    const before = codesSent();
    await client.requestCode("ada");
    const code = await codeFor(ADA, before);
    const wrong = code === "000000" ? "000001" : "000000";
    for (let i = 0; i < 5; i++) expect((await client.enterCode("ada", wrong)).status).toBe(401);
    expect((await client.enterCode("ada", code)).status).toBe(401);
    expect(client.cookies.has("cairn_session")).toBe(false);
  });

  it("limits how many codes a member may ask for in fifteen minutes", async () => {
    advance(16 * MINUTE);
    const client = new DashboardClient(TENANT);
    const before = codesSent();
    for (let i = 0; i < 7; i++) expect((await client.requestCode("vic")).status).toBe(200);
    await vi.waitFor(() => expect(codesSent()).toBe(before + 5), { timeout: 10_000, interval: 100 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(codesSent()).toBe(before + 5);
    advance(16 * MINUTE);
  });

  it("refuses a form without its double-submit token, or not sent as a form", async () => {
    const client = new DashboardClient(TENANT);
    await client.formToken();
    const forged = await client.postForm(`/app/${TENANT}/sign-in/code`, { login: "ada", form: "forged" });
    expect(forged.status).toBe(403);
    const json = await client.fetch(`/app/${TENANT}/sign-in/code`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ login: "ada" }),
    });
    expect(json.status).toBe(400);
    const badCode = await client.postForm(`/app/${TENANT}/sign-in/verify`, {
      login: "ada",
      code: "12ab56",
      form: await client.formToken(),
    });
    expect(badCode.status).toBe(400);
    expect(await badCode.text()).toContain("invalid code");
  });
});

describe("sessions", () => {
  it("sends a page without a session to sign in, and a script's request gets a 401", async () => {
    const client = new DashboardClient(TENANT);
    const page = await client.fetch(`/app/${TENANT}/inbox`);
    expect(page.status).toBe(303);
    expect(page.headers.get("Location")).toBe(`/app/${TENANT}/sign-in`);
    const fragment = await client.fetch(`/app/${TENANT}/inbox/items`, {
      headers: { "X-Dashboard-Fragment": "1" },
    });
    expect(fragment.status).toBe(401);
  });

  it("refuses a forged session cookie", async () => {
    const client = new DashboardClient(TENANT);
    client.cookies.set("cairn_session", "forged-session-secret-0123456789abcdef");
    expect((await client.fetch(`/app/${TENANT}/inbox`)).status).toBe(303);
    expect((await client.postJson(`/app/${TENANT}/sign-out`, "0".repeat(64))).status).toBe(401);
  });

  it("refuses a session past its seven days", async () => {
    const client = await signedIn();
    advance(7 * 24 * 60 * MINUTE + MINUTE);
    expect((await client.fetch(`/app/${TENANT}/inbox`)).status).toBe(303);
    expect((await client.postJson(`/app/${TENANT}/sign-out`)).status).toBe(401);
  });

  it("lists the member's sessions and revokes one: that browser is signed out at once", async () => {
    const first = await signedIn();
    const second = await signedIn();
    const secondsId = await ownSessionId(second);
    const page = await (await first.fetch(`/app/${TENANT}/sessions`)).text();
    const ids = [...page.matchAll(/data-session="(ses_[a-z0-9_]+)"/g)].map((m) => m[1]!);
    expect(ids).toContain(secondsId);
    expect(ids).toContain(await ownSessionId(first));

    expect((await first.postJson(`/app/${TENANT}/sessions/${secondsId}/revoke`, null)).status).toBe(403);
    expect((await second.fetch(`/app/${TENANT}/inbox`)).status).toBe(200);
    const revoked = await first.postJson(`/app/${TENANT}/sessions/${secondsId}/revoke`);
    expect(revoked.status).toBe(200);
    expect((await second.fetch(`/app/${TENANT}/inbox`)).status).toBe(303);
    const after = await (await first.fetch(`/app/${TENANT}/sessions`)).text();
    expect(ids.filter((id) => !after.includes(`data-session="${id}"`))).toEqual([secondsId]);
    expect((await first.fetch(`/app/${TENANT}/inbox`)).status).toBe(200);
    expect((await first.postJson(`/app/${TENANT}/sessions/ses_nosuch/revoke`)).status).toBe(404);
    expect((await first.postJson(`/app/${TENANT}/sessions/<script>/revoke`)).status).toBe(404);
  });

  it("signs out: the cookie is cleared and the session no longer opens pages", async () => {
    const client = await signedIn();
    const secret = client.cookies.get("cairn_session")!;
    const out = await client.postForm(`/app/${TENANT}/sign-out`, { csrf: client.csrf });
    expect(out.status).toBe(303);
    expect(client.cookies.has("cairn_session")).toBe(false);
    client.cookies.set("cairn_session", secret);
    expect((await client.fetch(`/app/${TENANT}/inbox`)).status).toBe(303);
  });

  it("refuses sign-out without the CSRF token, or with another session's", async () => {
    const client = await signedIn();
    const other = await signedIn();
    expect((await client.postForm(`/app/${TENANT}/sign-out`, {})).status).toBe(403);
    expect((await client.postJson(`/app/${TENANT}/sign-out`, other.csrf)).status).toBe(403);
    expect((await client.fetch(`/app/${TENANT}/inbox`)).status).toBe(200);
  });

  it("removing a member ends their sessions", async () => {
    const added = await apiCall(h, "/members", "POST", {
      login: "tmp",
      name: "Temporary",
      role: "viewer",
      channelId: h.tenant.channelId,
      userId: ADA,
    });
    const client = await signedIn("tmp");
    expect((await apiCall(h, `/members/${added.body.member.id}`, "DELETE")).status).toBe(204);
    expect((await client.fetch(`/app/${TENANT}/inbox`)).status).toBe(303);
  });
});
