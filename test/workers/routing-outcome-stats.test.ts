/**
 * The router's per-(task type, tier) statistics come from running totals kept on insert, not
 * from an aggregate over the whole outcome history: the totals must equal that aggregate, count
 * a retried insert once, and never mix tenants.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { database } from "../../db/client";
import { recordTaskOutcome, taskOutcomeStatistics } from "../../db/queries/task-outcomes";
import { seedTenant } from "./fixtures";

const db = database(env.DB);

function outcome(
  tenantId: string,
  id: string,
  taskType: string,
  tier: string,
  success: boolean,
  cost: number,
) {
  return recordTaskOutcome(db, {
    id,
    tenantId,
    taskType,
    tier,
    success,
    costMicros: cost,
    agentId: "operations",
    taskId: `task_${id}`,
    cycleId: "cycle_1",
    at: 1_700_000_000_000 + cost,
  });
}

async function aggregateFromHistory(tenantId: string) {
  const { results } = await env.DB.prepare(
    `SELECT task_type AS taskType, tier, count(*) AS attempts, sum(success) AS successes, sum(cost_micros) AS costMicros
     FROM task_outcomes WHERE tenant_id = ? GROUP BY task_type, tier`,
  )
    .bind(tenantId)
    .all();
  return results;
}

/** Rows in a stable order: both queries name task type and tier first. */
const byKey = <T>(rows: T[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

beforeAll(async () => {
  await seedTenant("stats-a");
  await seedTenant("stats-b");
});

describe("outcome statistics", () => {
  it("equal the aggregate over the history, with a retried insert counted once", async () => {
    await outcome("stats-a", "o1", "drafting", "T2", true, 300);
    await outcome("stats-a", "o2", "drafting", "T2", false, 200);
    await outcome("stats-a", "o2", "drafting", "T2", false, 200); // the same outcome, retried
    await outcome("stats-a", "o3", "drafting", "T3", true, 5_000);
    await outcome("stats-a", "o4", "lookup", "T1", true, 10);
    await outcome("stats-b", "o5", "drafting", "T2", false, 999);

    const stats = await taskOutcomeStatistics(db, "stats-a");
    expect(byKey(stats)).toEqual(byKey(await aggregateFromHistory("stats-a")));
    expect(byKey(stats)).toEqual([
      { taskType: "drafting", tier: "T2", attempts: 2, successes: 1, costMicros: 500 },
      { taskType: "drafting", tier: "T3", attempts: 1, successes: 1, costMicros: 5_000 },
      { taskType: "lookup", tier: "T1", attempts: 1, successes: 1, costMicros: 10 },
    ]);
  });

  it("are kept per tenant", async () => {
    expect(await taskOutcomeStatistics(db, "stats-b")).toEqual([
      { taskType: "drafting", tier: "T2", attempts: 1, successes: 0, costMicros: 999 },
    ]);
  });
});
