import { and, eq, gte, sql } from "drizzle-orm";
import type { Database } from "../client";
import { costLedger } from "../schema";
import { tenantRoutingSettings } from "../schema-routing";

/** What the tenant and one agent have spent, in micro-dollars (kernel/routing/budget's SpendTotals). */
export interface LedgerSpendTotals {
  tenantTodayMicros: number;
  tenantMonthMicros: number;
  agentTodayMicros: number;
  agentMonthMicros: number;
}

/**
 * The tenant's stored routing settings as JSON, or undefined when it has none. Parsed by the
 * caller with kernel/routing's `routingSettingsFrom` (db/ stores, it does not interpret).
 */
export async function storedRoutingSettings(db: Database, tenantId: string): Promise<unknown> {
  const [row] = await db
    .select({ settings: tenantRoutingSettings.settings })
    .from(tenantRoutingSettings)
    .where(eq(tenantRoutingSettings.tenantId, tenantId))
    .limit(1);
  return row?.settings;
}

export async function putRoutingSettings(
  db: Database,
  tenantId: string,
  settings: unknown,
  updatedBy: string,
  at: number,
) {
  await db
    .insert(tenantRoutingSettings)
    .values({ tenantId, settings, updatedBy, updatedAt: at })
    .onConflictDoUpdate({
      target: tenantRoutingSettings.tenantId,
      set: { settings, updatedBy, updatedAt: at },
    });
}

/** UTC day and month starts for `now`: budgets reset at midnight UTC and on the 1st. */
export function budgetPeriods(now: number): { dayStart: number; monthStart: number } {
  const date = new Date(now);
  return {
    dayStart: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()),
    monthStart: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1),
  };
}

/** What the tenant and one agent have spent today and this month, from the ledger's real usage. */
export async function spendTotals(
  db: Database,
  tenantId: string,
  agentId: string,
  now: number,
): Promise<LedgerSpendTotals> {
  const { dayStart, monthStart } = budgetPeriods(now);
  const sumWhen = (condition: ReturnType<typeof sql>) =>
    sql<number>`coalesce(sum(case when ${condition} then ${costLedger.costMicros} else 0 end), 0)`;
  const [row] = await db
    .select({
      tenantTodayMicros: sumWhen(sql`${costLedger.at} >= ${dayStart}`),
      tenantMonthMicros: sql<number>`coalesce(sum(${costLedger.costMicros}), 0)`,
      agentTodayMicros: sumWhen(sql`${costLedger.at} >= ${dayStart} and ${costLedger.agentId} = ${agentId}`),
      agentMonthMicros: sumWhen(sql`${costLedger.agentId} = ${agentId}`),
    })
    .from(costLedger)
    .where(and(eq(costLedger.tenantId, tenantId), gte(costLedger.at, monthStart)));
  return {
    tenantTodayMicros: Number(row?.tenantTodayMicros ?? 0),
    tenantMonthMicros: Number(row?.tenantMonthMicros ?? 0),
    agentTodayMicros: Number(row?.agentTodayMicros ?? 0),
    agentMonthMicros: Number(row?.agentMonthMicros ?? 0),
  };
}
