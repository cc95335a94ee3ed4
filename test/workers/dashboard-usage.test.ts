/**
 * The dashboard's usage page: messages and model spend per day as SVG bar charts, every day in a
 * table, spend against the budgets, the same report as CSV; a bad range refused; behind the
 * member's session of this tenant only.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { database } from "../../db/client";
import { insertSession } from "../../db/queries/member-sessions";
import { utcDay } from "../../db/queries/usage";
import { newSessionSecret, sessionDigest } from "../../kernel/members/session-token";
import { DashboardClient } from "./dashboard-client";
import { api, seedTenant, type TestTenant } from "./fixtures";

const DAY = 86_400_000;
let tenant: TestTenant;
let viewer: DashboardClient;
let outsider: DashboardClient;

/** A member of `tenant` with a live session, as the sign-in would have written it. */
async function signedInAs(who: TestTenant, login: string, role: string) {
  const added = await exports.default.fetch(
    api(who, "/members", {
      method: "POST",
      body: JSON.stringify({
        login,
        name: `${login} member`,
        role,
        channelId: who.channelId,
        userId: "777000111",
      }),
    }),
  );
  expect(added.status).toBe(201);
  const { member } = (await added.json()) as { member: { id: string } };
  const secret = newSessionSecret();
  await insertSession(database(env.DB), {
    id: `ses_${login}`,
    tenantId: who.tenantId,
    memberId: member.id,
    tokenHash: await sessionDigest(secret),
    userAgent: "test",
    createdAt: Date.now(),
    lastSeenAt: Date.now(),
    expiresAt: Date.now() + 3_600_000,
  });
  const client = new DashboardClient(who.tenantId);
  client.cookies.set("cairn_session", secret);
  return client;
}

beforeAll(async () => {
  tenant = await seedTenant("usagedash");
  const other = await seedTenant("usagedash-b");
  viewer = await signedInAs(tenant, "val", "viewer");
  outsider = await signedInAs(other, "oscar", "owner");
  const yesterday = Date.now() - DAY;
  await env.DB.prepare(
    "INSERT INTO cost_ledger (id, tenant_id, agent_id, provider, model, input_tokens, output_tokens, cached_input_tokens, cost_micros, at) VALUES ('led_dash_1', 'usagedash', 'finance', 'openai', 'gpt-test', 900, 120, 0, 25000, ?)",
  )
    .bind(yesterday)
    .run();
  await env.DB.prepare(
    "INSERT INTO usage_daily (tenant_id, day, metric, value) VALUES ('usagedash', ?, 'messages_received', 14), ('usagedash', ?, 'turns', 13)",
  )
    .bind(utcDay(yesterday), utcDay(yesterday))
    .run();
});

describe("the usage page", () => {
  it("draws messages and spend per day, lists every day, and shows spend against the budgets", async () => {
    const response = await viewer.fetch("/app/usagedash/usage?days=7");
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page.match(/<svg [^>]*role="img"/g)).toHaveLength(2);
    expect(page).toContain("Messages per day (highest 14)");
    expect(page).toContain("Model spend per day (highest $0.03)");
    expect(page.match(/<tr data-day="/g)).toHaveLength(7);
    const row = page.split(`<tr data-day="${utcDay(Date.now() - DAY)}">`)[1]!.split("</tr>")[0]!;
    expect(row.match(/<td>([^<]*)<\/td>/g)?.map((cell) => cell.replace(/<\/?td>/g, ""))).toEqual([
      utcDay(Date.now() - DAY),
      "14",
      "13",
      "1",
      "900 / 120",
      "$0.03",
      "0",
      "0",
      "0",
    ]);
    expect(page).toMatch(/today: \$0\.00 <span class="muted">no budget set<\/span>/);
    expect(page).toContain("this month:");
    expect(page).toContain('href="/app/usagedash/usage.csv?days=7"');
    // Presentation attributes only: the Content-Security-Policy forbids inline style.
    expect(page).not.toMatch(/style=/);
    expect(response.headers.get("content-security-policy")).toContain("style-src 'self'");
  });

  it("downloads the same days as CSV", async () => {
    const response = await viewer.fetch("/app/usagedash/usage.csv?days=3");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const lines = (await response.text()).trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^day,messages_received,turns,model_calls,/);
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatch(new RegExp(`^${utcDay(Date.now() - DAY)},14,13,1,900,0,120,25000,`));
  });

  it("refuses a bad range, and another tenant's member or no session", async () => {
    for (const days of ["0", "93", "many"]) {
      const response = await viewer.fetch(`/app/usagedash/usage?days=${days}`);
      expect(response.status, days).toBe(400);
      expect(await response.json()).toMatchObject({ field: "days" });
    }
    expect((await viewer.fetch("/app/usagedash/usage?days=7&colour=red")).status).toBe(400);
    const foreign = await outsider.fetch("/app/usagedash/usage");
    expect(foreign.status).not.toBe(200);
    expect(await foreign.text()).not.toContain("Messages per day");
    const anonymous = await new DashboardClient("usagedash").fetch("/app/usagedash/usage.csv");
    expect(anonymous.status).not.toBe(200);
    expect(await anonymous.text()).not.toContain("messages_received");
  });
});
