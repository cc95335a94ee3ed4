/** AgentLoop: alarm-driven cycles, recorded once per slot, re-armed every time. */
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { agentLoopStub } from "../../durable-objects/stubs";
import { seedTenant } from "./fixtures";

beforeAll(async () => {
  await seedTenant("acme");
});

async function cycleRows() {
  const { results } = await env.DB.prepare(
    "SELECT subject_id, agent_id FROM audit_log WHERE tenant_id = 'acme' AND action = 'agent.cycle' ORDER BY at",
  ).all<{ subject_id: string; agent_id: string }>();
  return results;
}

describe("AgentLoop", () => {
  it("arms its alarm on the agent's schedule", async () => {
    const stub = agentLoopStub(env, "acme", "finance");
    const status = await stub.ensureScheduled("acme", "finance");
    if ("refused" in status) throw new Error(status.refused);
    expect(status.nextCycleAt).not.toBeNull();
    // finance runs every 15 minutes, on the quarter hour.
    expect(status.nextCycleAt! % (15 * 60_000)).toBe(0);
    expect(status.nextCycleAt! - Date.now()).toBeLessThanOrEqual(15 * 60_000);
  });

  it("records one cycle in the audit log per slot, however often the alarm fires, and re-arms", async () => {
    const stub = agentLoopStub(env, "acme", "finance");
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const rows = await cycleRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.agent_id).toBe("finance");
    expect(rows[0]?.subject_id).toMatch(/^acme\/finance@\d{4}-\d\d-\d\dT\d\d:(00|15|30|45):00\.000Z$/);
    const status = await stub.status();
    expect(status.cycles).toBe(1);
    expect(status.nextCycleAt).toBeGreaterThan(Date.now());
  });

  it("refuses to be reused for another tenant's agent", async () => {
    const stub = agentLoopStub(env, "acme", "finance");
    expect(await stub.ensureScheduled("globex", "finance")).toEqual({
      refused: "this loop belongs to acme/finance, not globex/finance",
    });
  });

  it("stops re-arming when the agent is disabled", async () => {
    const stub = agentLoopStub(env, "acme", "operations");
    await stub.ensureScheduled("acme", "operations");
    await env.DB.prepare(
      "UPDATE agents SET enabled = 0 WHERE tenant_id = 'acme' AND id = 'operations'",
    ).run();
    await runDurableObjectAlarm(stub);
    expect((await stub.status()).nextCycleAt).toBeNull();
  });
});
