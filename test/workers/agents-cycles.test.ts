/**
 * AgentLoop cycles end to end inside workerd: the alarm runs discover → dedup → plan → claim →
 * act → reflect → record against real D1 and Durable Objects; the offline provider answers.
 */
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { HttpResponse, http } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_ATTEMPTS } from "../../durable-objects/schedules";
import { agentLoopStub } from "../../durable-objects/stubs";
import { accepted } from "../../kernel/refusal";
import { addAgents, addInvoice, allowHosts, DAY, referenceAgent, rows } from "./agents-fixtures";
import { api, seedTenant } from "./fixtures";
import { setupFetchNetwork } from "./msw-network";

let feedRequests = 0;
const network = setupFetchNetwork(
  http.get("https://status.example.com/feed.json", () => {
    feedRequests++;
    return HttpResponse.json([
      { id: "inc-1", title: "API latency degraded in eu-west" },
      { id: "inc-2", title: "Scheduled maintenance on the build cluster" },
    ]);
  }),
);

beforeAll(() => network.listen());
afterAll(() => network.close());

interface TaskRow {
  id: string;
  status: string;
  entity: string | null;
  owner_agent_id: string | null;
  lease_owner: string | null;
  dedup_key: string | null;
}

const tasksOf = (tenant: string) =>
  rows<TaskRow>("SELECT * FROM tasks WHERE tenant_id = ? ORDER BY created_at, id", tenant);

describe("an agent cycle on the alarm", () => {
  it("discovers an overdue invoice, files one task, claims it, works it and records the reflection", async () => {
    const acme = await seedTenant("acme");
    await addInvoice("acme", "INV-1042", "Henderson Builds", Date.now() - 10 * DAY);
    const stub = agentLoopStub(env, "acme", "finance");
    await stub.ensureScheduled("acme", "finance");
    expect(await runDurableObjectAlarm(stub)).toBe(true);

    const [task, ...others] = await tasksOf("acme");
    expect(others).toHaveLength(0);
    expect(task).toMatchObject({
      entity: "invoice:INV-1042",
      dedup_key: "overdue:INV-1042",
      owner_agent_id: "finance",
    });
    // Worked through a turn and handed to review; the lease is released with the claim.
    expect(task?.status).toBe("review");
    expect(task?.lease_owner).toBeNull();
    const comments = await rows<{ kind: string; body: string }>(
      "SELECT kind, body FROM task_comments WHERE tenant_id = 'acme' AND task_id = ? ORDER BY at, id",
      task?.id,
    );
    expect(comments.filter((c) => c.kind === "work")).toHaveLength(1);
    expect(comments.map((c) => c.body)).toContain("claimed → in_progress");

    const [cycle] = await rows<{ id: string; outcome: string; claimed_task_id: string; attempted: string }>(
      "SELECT * FROM agent_cycles WHERE tenant_id = 'acme' AND agent_id = 'finance'",
    );
    expect(cycle).toMatchObject({ outcome: "worked", claimed_task_id: task?.id });
    expect(cycle?.attempted).toContain("filed 1 task(s)");
    const outcomes = await rows<{ task_type: string; success: number }>(
      "SELECT task_type, success FROM task_outcomes WHERE tenant_id = 'acme' AND cycle_id = ?",
      cycle?.id,
    );
    expect(outcomes).toEqual([{ task_type: "overdue_invoice", success: 1 }]);

    const audit = await rows<{ action: string; detail: string }>(
      "SELECT action, detail FROM audit_log WHERE tenant_id = 'acme' AND action LIKE 'dedup.%' ORDER BY at",
    );
    expect(audit.map((entry) => entry.action).sort()).toEqual(["dedup.discovery", "dedup.task"]);
    expect(JSON.parse(audit[0]?.detail ?? "{}")).toMatchObject({ duplicate: false });

    // The alarm again, same slot: nothing new anywhere.
    await runDurableObjectAlarm(stub);
    expect(await tasksOf("acme")).toHaveLength(1);
    expect(await rows("SELECT id FROM agent_cycles WHERE tenant_id = 'acme'")).toHaveLength(1);

    const response = await exports.default.fetch(api(acme, "/agents/finance/loop"));
    expect(response.status).toBe(200);
    const loop = await response.json<{
      heartbeatAt: number;
      nextCycleAt: number;
      lastCycle: { id: string; outcome: string };
    }>();
    expect(loop.heartbeatAt).toBeGreaterThan(0);
    expect(loop.lastCycle).toMatchObject({ id: cycle?.id, outcome: "worked" });
    expect(loop.nextCycleAt).toBeGreaterThan(Date.now());
    expect((await exports.default.fetch(api(acme, "/agents/nobody/loop"))).status).toBe(404);

    // The discovery verdicts and the outcome statistics are visible through the API too.
    const findings = await (await exports.default.fetch(api(acme, "/tasks/findings?verdict=new"))).json<{
      findings: { source: string; taskId: string; reason: string }[];
    }>();
    expect(findings.findings).toEqual([
      expect.objectContaining({
        source: "overdue_invoices",
        taskId: task?.id,
        reason: "first report of this finding",
      }),
    ]);
    const statistics = await (await exports.default.fetch(api(acme, "/tasks/statistics"))).json<{
      outcomes: { taskType: string; attempts: number; successes: number }[];
    }>();
    expect(statistics.outcomes).toContainEqual(
      expect.objectContaining({ taskType: "overdue_invoice", attempts: 1, successes: 1 }),
    );
  });

  it("suppresses the same finding within the window and merges it into the open task after it", async () => {
    await seedTenant("remind");
    const start = Date.now();
    await addInvoice("remind", "INV-7", "Okafor & Sons", start - 5 * DAY);
    const stub = agentLoopStub(env, "remind", "finance");
    await stub.ensureScheduled("remind", "finance");
    await stub.driveCycle("remind", "finance", start);
    await stub.driveCycle("remind", "finance", start + 60 * 60_000);
    const findings = await rows<{ verdict: string; reason: string }>(
      "SELECT verdict, reason FROM findings WHERE tenant_id = 'remind' ORDER BY at",
    );
    expect(findings.map((f) => f.verdict)).toEqual(["new", "suppressed"]);
    expect(findings[1]?.reason).toMatch(/within the 24h window/);

    // A day later the finding is reported again and the task layer merges it, with the reason.
    await stub.driveCycle("remind", "finance", start + DAY + 60 * 60_000);
    const [task, ...more] = await tasksOf("remind");
    expect(more).toHaveLength(0);
    const merges = await rows<{ body: string }>(
      "SELECT body FROM task_comments WHERE tenant_id = 'remind' AND task_id = ? AND kind = 'merge'",
      task?.id,
    );
    expect(merges).toHaveLength(1);
    expect(merges[0]?.body).toMatch(/same dedup key "overdue:INV-7"/);
  });

  it("resumes a cycle cut short by an eviction without repeating any of its effects", async () => {
    await seedTenant("evict");
    const at = Date.now();
    await addInvoice("evict", "INV-9", "Patel Joinery", at - 20 * DAY);
    const stub = agentLoopStub(env, "evict", "finance");
    await stub.ensureScheduled("evict", "finance");

    expect(await stub.driveCycle("evict", "finance", at, { crashAfter: "filed" })).toEqual({
      lastCycleId: null,
      interrupted: "injected crash after filed",
    });
    await evictDurableObject(stub);
    expect((await stub.status()).resumingCycle?.phase).toBe("filed");
    expect(
      accepted(await stub.driveCycle("evict", "finance", at, { crashAfter: "acted" }), "loop").interrupted,
    ).toBe("injected crash after acted");
    await evictDurableObject(stub);
    const resuming = (await stub.status()).resumingCycle;
    expect(resuming?.phase).toBe("acted");
    // The alarm finishes the interrupted cycle under its own id.
    expect(await runDurableObjectAlarm(stub)).toBe(true);

    const status = await stub.status();
    expect(status.resumingCycle).toBeNull();
    expect(status.lastCycleId).toBe(resuming?.cycleId);
    const cycleId = resuming?.cycleId;
    expect(await tasksOf("evict")).toHaveLength(1);
    expect(await rows("SELECT id FROM findings WHERE tenant_id = 'evict'")).toHaveLength(1);
    expect(
      await rows("SELECT id FROM task_comments WHERE tenant_id = 'evict' AND kind = 'work'"),
    ).toHaveLength(1);
    expect(
      await rows("SELECT id FROM agent_cycles WHERE tenant_id = 'evict' AND id = ?", cycleId),
    ).toHaveLength(1);
    expect(
      await rows("SELECT id FROM task_outcomes WHERE tenant_id = 'evict' AND cycle_id = ?", cycleId),
    ).toHaveLength(1);
    expect(
      await rows("SELECT id FROM audit_log WHERE tenant_id = 'evict' AND action = 'agent.cycle'"),
    ).toHaveLength(1);
    // The turn ran once: its model call is booked once, as in an uninterrupted cycle.
    const ledger = await rows<{ tenant_id: string; n: number }>(
      "SELECT tenant_id, count(*) AS n FROM cost_ledger WHERE tenant_id IN ('acme', 'evict') GROUP BY tenant_id ORDER BY tenant_id",
    );
    expect(ledger).toHaveLength(2);
    expect(ledger[1]?.n).toBe(ledger[0]?.n);
  });

  it("gives up a cycle cut short on every attempt: its slot is spent, audited, and the next one armed", async () => {
    await seedTenant("giveup");
    const at = Date.now();
    await addInvoice("giveup", "INV-77", "Calder Tiles", at - 20 * DAY);
    const stub = agentLoopStub(env, "giveup", "finance");
    await stub.ensureScheduled("giveup", "finance");
    expect(
      accepted(await stub.driveCycle("giveup", "finance", at, { crashAfter: "filed" }), "loop").interrupted,
    ).toBe("injected crash after filed");
    const resuming = (await stub.status()).resumingCycle;
    expect(resuming?.phase).toBe("filed");
    // As if every attempt of the alarm died too: the cycle's timer, due now, with each one counted.
    await runInDurableObject(stub, async (_instance, state) => {
      state.storage.sql.exec(
        "UPDATE schedules SET attempts = ?, due_at = ? WHERE key = 'agent.cycle'",
        MAX_ATTEMPTS,
        at,
      );
      await state.storage.setAlarm(at);
    });
    await evictDurableObject(stub);
    expect(await runDurableObjectAlarm(stub)).toBe(true);

    const status = await stub.status();
    expect(status.resumingCycle).toBeNull();
    expect(status.lastCycleId).toBe(resuming?.cycleId);
    expect(status.nextCycleAt).toBeGreaterThan(at);
    expect(
      await rows<{ action: string; detail: string }>(
        "SELECT action, detail FROM audit_log WHERE tenant_id = 'giveup' AND action = 'agent.cycle_abandoned'",
      ),
    ).toEqual([
      {
        action: "agent.cycle_abandoned",
        detail: JSON.stringify({
          phase: "filed",
          reason: `interrupted ${MAX_ATTEMPTS} times before it finished`,
        }),
      },
    ]);
    // What it did before the crashes stays, once; it is not done again.
    expect(await tasksOf("giveup")).toHaveLength(1);
  });

  it("two agents discovering the same work at the same moment create one task", async () => {
    await seedTenant("race");
    const at = Date.now();
    await addInvoice("race", "INV-55", "Greenway Homes", at - 4 * DAY);
    // A second agent watching the same ledger: same discoverer, its own loop.
    const collections = { ...referenceAgent("finance"), id: "collections", name: "Collections" };
    await addAgents("race", [collections]);
    const finance = agentLoopStub(env, "race", "finance");
    const other = agentLoopStub(env, "race", "collections");
    await Promise.all([
      finance.ensureScheduled("race", "finance"),
      other.ensureScheduled("race", "collections"),
    ]);
    await Promise.all([
      finance.driveCycle("race", "finance", at),
      other.driveCycle("race", "collections", at),
    ]);

    const tasks = await tasksOf("race");
    expect(tasks).toHaveLength(1);
    const verdicts = await rows<{ verdict: string }>("SELECT verdict FROM findings WHERE tenant_id = 'race'");
    expect(verdicts.map((v) => v.verdict).sort()).toEqual(["new", "suppressed"]);
  });

  it("fetches an HTTP source only when the network policy allows it", async () => {
    await seedTenant("feeds");
    await addAgents("feeds", [referenceAgent("development")]);
    const stub = agentLoopStub(env, "feeds", "development");
    await stub.ensureScheduled("feeds", "development");
    const at = Date.now();
    await stub.driveCycle("feeds", "development", at);
    expect(feedRequests).toBe(0);
    const [refused] = await rows<{ failed: string }>(
      "SELECT failed FROM agent_cycles WHERE tenant_id = 'feeds'",
    );
    expect(refused?.failed).toMatch(/https:\/\/status\.example\.com\/feed\.json not fetched/);

    await allowHosts("feeds", ["status.example.com"]);
    await stub.driveCycle("feeds", "development", at + 2 * 60 * 60_000);
    expect(feedRequests).toBe(1);
    const titles = (
      await rows<{ title: string }>("SELECT title FROM tasks WHERE tenant_id = 'feeds' ORDER BY title")
    ).map((t) => t.title);
    expect(titles).toEqual([
      "Review from status.example.com: API latency degraded in eu-west",
      "Review from status.example.com: Scheduled maintenance on the build cluster",
    ]);
  });
});
