/**
 * AgentLoop keeps its next cycle as a row of the schedules table ContextThread uses, and the one
 * alarm follows the earliest row. A loop armed before the table existed (an alarm, no row) still
 * runs its cycle and moves onto the table.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { AgentLoop } from "../../durable-objects/agent-loop";
import { agentLoopStub } from "../../durable-objects/stubs";
import { seedTenant } from "./fixtures";

beforeAll(async () => {
  await seedTenant("loops");
});

const timerRows = (stub: DurableObjectStub<AgentLoop>) =>
  runInDurableObject(stub, async (_instance, state) => ({
    rows: state.storage.sql
      .exec<{ key: string; due_at: number }>("SELECT key, due_at FROM schedules")
      .toArray()
      .map((row) => ({ key: row.key, dueAt: row.due_at })),
    alarm: await state.storage.getAlarm(),
  }));

describe("AgentLoop's schedule", () => {
  it("keeps the next cycle as one schedules row, with the alarm armed for it", async () => {
    const stub = agentLoopStub(env, "loops", "finance");
    const status = await stub.ensureScheduled("loops", "finance");
    if ("refused" in status) throw new Error(status.refused);
    const { rows, alarm } = await timerRows(stub);
    expect(rows).toEqual([{ key: "agent.cycle", dueAt: status.nextCycleAt }]);
    expect(alarm).toBe(status.nextCycleAt);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const after = await timerRows(stub);
    expect(after.rows).toHaveLength(1);
    expect(after.rows[0]!.dueAt).toBeGreaterThan(Date.now());
    expect(after.alarm).toBe(after.rows[0]!.dueAt);
  });

  it("runs the cycle of a loop armed before the table (an alarm and no row), then keeps a row", async () => {
    const stub = agentLoopStub(env, "loops", "operations");
    await stub.ensureScheduled("loops", "operations");
    await runInDurableObject(stub, async (_instance, state) => {
      state.storage.sql.exec("DELETE FROM schedules");
      await state.storage.setAlarm(Date.now() + 60_000);
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const status = await stub.status();
    expect(status.cycles).toBe(1);
    const { rows, alarm } = await timerRows(stub);
    expect(rows).toHaveLength(1);
    expect(alarm).toBe(rows[0]!.dueAt);
  });

  it("idles a suspended tenant's loop: no cycle, and a look again in 15 minutes", async () => {
    await seedTenant("idle");
    const stub = agentLoopStub(env, "idle", "finance");
    await stub.ensureScheduled("idle", "finance");
    await env.DB.prepare("UPDATE tenants SET status = 'suspended' WHERE id = 'idle'").run();
    await runInDurableObject(stub, async (_instance, state) => {
      state.storage.sql.exec("UPDATE schedules SET due_at = ? WHERE key = 'agent.cycle'", Date.now());
      await state.storage.setAlarm(Date.now());
    });
    const before = Date.now();
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const status = await stub.status();
    expect(status.cycles).toBe(0);
    expect(status.lastCycleId).toBeNull();
    expect(status.nextCycleAt).toBeGreaterThanOrEqual(before + 15 * 60_000);
    expect(status.nextCycleAt).toBeLessThanOrEqual(Date.now() + 15 * 60_000);
  });
});
