import { and, eq, gte, sql } from "drizzle-orm";
import type { SpendTotals } from "../../kernel/routing/budget";
import {
  DEFAULT_TENANT_ROUTING_SETTINGS,
  type TenantRoutingSettings,
  tenantRoutingSettingsSchema,
} from "../../kernel/routing/tenant-settings";
import type { Database } from "../client";
import { costLedger } from "../schema";
import { tenantRoutingSettings } from "../schema-routing";

export async function getRoutingSettings(db: Database, tenantId: string): Promise<TenantRoutingSettings> {
  const [row] = await db
    .select({ settings: tenantRoutingSettings.settings })
    .from(tenantRoutingSettings)
    .where(eq(tenantRoutingSettings.tenantId, tenantId))
    .limit(1);
  // Stored settings were validated on write; re-validating guards against a schema change since.
  return row ? tenantRoutingSettingsSchema.parse(row.settings) : DEFAULT_TENANT_ROUTING_SETTINGS;
}

export async function putRoutingSettings(
  db: Database,
  tenantId: string,
  settings: TenantRoutingSettings,
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
): Promise<SpendTotals> {
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
