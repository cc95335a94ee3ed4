/**
 * The eight reference agents of one tenant, fifty wakes each, driven directly (a wake every hour
 * of simulated time, all eight at once so they race): whatever they find, no piece of work is
 * ever held by two open tasks.
 */
import { env } from "cloudflare:workers";
import { HttpResponse, http } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentLoopStub } from "../../durable-objects/stubs";
import {
  addAgents,
  addInvoice,
  addUnansweredThread,
  allowHosts,
  DAY,
  REFERENCE_AGENTS,
  referenceAgent,
  rows,
} from "./agents-fixtures";
import { seedTenant } from "./fixtures";
import { setupFetchNetwork } from "./msw-network";

const HOUR = 3_600_000;
const WAKES = 50;

const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>Example blog</title>
<item><title>Five ways to plan a loft conversion</title><guid>post-1</guid></item>
<item><title>Planning rules for garden offices &amp; studios</title><guid>post-2</guid></item>
</channel></rss>`;

const network = setupFetchNetwork(
  http.get("https://status.example.com/feed.json", () =>
    HttpResponse.json({ items: [{ id: 7, title: "Deploy pipeline failing on main" }] }),
  ),
  http.get("https://www.example.com/blog/rss.xml", () =>
    HttpResponse.text(rss, { headers: { "content-type": "application/rss+xml" } }),
  ),
);

beforeAll(() => network.listen());
afterAll(() => network.close());

describe("eight agents × fifty cycles", () => {
  it("create no duplicate task", { timeout: 120_000 }, async () => {
    const team = await seedTenant("team");
    const start = Date.UTC(2026, 10, 2, 6, 0, 0); // a Monday morning
    const ids = Object.keys(REFERENCE_AGENTS);
    await addAgents("team", ids.filter((id) => id !== "finance" && id !== "operations").map(referenceAgent));
    await allowHosts("team", ["status.example.com", "www.example.com"]);
    for (const [n, days] of [
      [1042, 10],
      [1043, 40],
      [1044, 5],
    ] as const) {
      await addInvoice("team", `INV-${n}`, `Client ${n}`, start - days * DAY);
    }
    await addInvoice("team", "INV-2001", "Client 2001", start + 30 * HOUR); // falls due during the run
    await addUnansweredThread("team", team.channelId, "5001", start - 10 * HOUR);
    await addUnansweredThread("team", team.channelId, "5002", start - 2 * HOUR);
    // Work with due dates and an old task nobody moved, for due_dates and stale_tasks.
    const board = [
      [
        "task_seed_cert",
        "Renew gas safety certificate for 12 Elm Road",
        "certificate:gas-12-elm",
        start + 5 * DAY,
      ],
      ["task_seed_bill", "Pay Timber Supplies bill", "supplier_bill:ts-339", start + 2 * DAY],
      ["task_seed_mile", "Kitchen fit milestone at Birch Lane", "milestone:birch-kitchen", start + DAY],
      ["task_seed_old", "Update the price list", null, null],
    ] as const;
    for (const [id, title, entity, dueAt] of board) {
      await env.DB.prepare(
        `INSERT INTO tasks (id, tenant_id, title, status, priority, task_type, entity, due_at, created_at, updated_at, owner_agent_id)
         VALUES (?, 'team', ?, 'blocked', 3, 'general', ?, ?, ?, ?, 'nobody')`,
      )
        .bind(id, title, entity, dueAt, start - 10 * DAY, start - 10 * DAY)
        .run();
    }

    const loops = ids.map((id) => ({ id, stub: agentLoopStub(env, "team", id) }));
    for (const { id, stub } of loops) await stub.ensureScheduled("team", id);
    for (let wake = 0; wake < WAKES; wake++) {
      const at = start + wake * HOUR;
      await Promise.all(loops.map(({ id, stub }) => stub.driveCycle("team", id, at)));
    }

    const cycles = await rows<{ agent_id: string; n: number }>(
      "SELECT agent_id, count(*) AS n FROM agent_cycles WHERE tenant_id = 'team' GROUP BY agent_id",
    );
    const perAgent = Object.fromEntries(cycles.map((row) => [row.agent_id, row.n]));
    // Interval agents of 1h or less run on every hourly wake; the weekday-morning ones once a day.
    expect(perAgent).toMatchObject({
      finance: WAKES,
      operations: WAKES,
      crm: WAKES,
      safety: WAKES,
      sales: WAKES,
    });
    expect(perAgent.development).toBe(WAKES / 2);
    expect(perAgent.marketing).toBeGreaterThanOrEqual(2);
    expect(perAgent["business-intelligence"]).toBeGreaterThanOrEqual(2);

    const created = await rows<{ dedup_key: string }>(
      "SELECT dedup_key FROM tasks WHERE tenant_id = 'team' AND dedup_key IS NOT NULL",
    );
    // Something was found and filed by several agents, or the test proves nothing.
    expect(created.length).toBeGreaterThanOrEqual(10);
    const duplicates = await rows<{ dedup_key: string; n: number }>(
      `SELECT dedup_key, count(*) AS n FROM tasks WHERE tenant_id = 'team' AND dedup_key IS NOT NULL
       GROUP BY dedup_key HAVING count(*) > 1`,
    );
    expect(duplicates).toEqual([]);
    for (const key of [
      "overdue:INV-1042",
      "overdue:INV-1043",
      "feed:7",
      "feed:post-1",
      "stale:task_seed_old",
    ]) {
      expect(created.map((row) => row.dedup_key)).toContain(key);
    }
    // The repeats were caught, visibly: suppressed findings and merges, each with its reason.
    const suppressed = await rows(
      "SELECT id FROM findings WHERE tenant_id = 'team' AND verdict = 'suppressed'",
    );
    expect(suppressed.length).toBeGreaterThan(100);
  });
});
