/**
 * A tenant's usage per UTC day: the counters of db/schema-usage.ts beside what the rows Cairn
 * already keeps say — model calls, tokens and cost from the cost ledger, deliveries from the
 * outbox, tool calls, proposals and agent cycles from the audit log. Each part is one grouped
 * query on the tenant's index over the range, so a report costs the rows of its range.
 */
import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Database } from "../client";
import { auditLog, costLedger, outbox } from "../schema";
import { type UsageCounter, usageDaily } from "../schema-usage";

export const DAY_MS = 86_400_000;

/** The UTC day of `at` (ms), as `YYYY-MM-DD`. */
export function utcDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** The `days` UTC days that end with the day of `at`, as the report's inclusive `from` and `to`. */
export function lastDays(at: number, days: number): { from: string; to: string } {
  return { from: utcDay(at - (days - 1) * DAY_MS), to: utcDay(at) };
}

export type UsageCounts = Partial<Record<UsageCounter, number>>;

/**
 * Adds to the day's counters and answers their totals after the addition, in the same statement
 * (the messages-per-day quota reads its count from here). A metering failure must not fail the
 * work it counts (a message is worth more than its count), so callers log it and go on.
 */
export async function countUsage(
  db: Database,
  tenantId: string,
  at: number,
  counts: UsageCounts,
): Promise<UsageCounts> {
  const rows = Object.entries(counts)
    .filter(([, value]) => value !== undefined && value !== 0)
    .map(([metric, value]) => ({ tenantId, day: utcDay(at), metric: metric as UsageCounter, value: value! }));
  if (rows.length === 0) return {};
  const totals = await db
    .insert(usageDaily)
    .values(rows)
    .onConflictDoUpdate({
      target: [usageDaily.tenantId, usageDaily.day, usageDaily.metric],
      set: { value: sql`${usageDaily.value} + excluded.value` },
    })
    .returning({ metric: usageDaily.metric, value: usageDaily.value });
  return Object.fromEntries(totals.map((row) => [row.metric, row.value]));
}

/** One counter's total for a UTC day (0 when nothing was counted). */
export async function usageOnDay(
  db: Database,
  tenantId: string,
  day: string,
  metric: UsageCounter,
): Promise<number> {
  const [row] = await db
    .select({ value: usageDaily.value })
    .from(usageDaily)
    .where(and(eq(usageDaily.tenantId, tenantId), eq(usageDaily.day, day), eq(usageDaily.metric, metric)));
  return row?.value ?? 0;
}

export const USAGE_METRICS = [
  "messagesReceived",
  "turns",
  "modelCalls",
  "inputTokens",
  "cachedInputTokens",
  "outputTokens",
  "modelCostMicros",
  "deliveries",
  "deliveriesFailed",
  "toolCalls",
  "toolCallsDenied",
  "proposalsCreated",
  "proposalsExecuted",
  "agentCycles",
] as const;
export type UsageMetric = (typeof USAGE_METRICS)[number];
export type UsageDay = { day: string } & Record<UsageMetric, number>;

const COUNTER_METRIC: Record<UsageCounter, UsageMetric> = {
  messages_received: "messagesReceived",
  turns: "turns",
};

/** Audit actions that are usage, by the metric they count. */
const AUDIT_METRIC: Record<string, UsageMetric[]> = {
  "policy.allow": ["toolCalls"],
  "policy.ask": ["toolCalls"],
  "policy.deny": ["toolCalls", "toolCallsDenied"],
  "proposal.created": ["proposalsCreated"],
  "proposal.executed": ["proposalsExecuted"],
  "agent.cycle": ["agentCycles"],
};

/** Days `from` to `to` inclusive (both `YYYY-MM-DD`), every day present, zeros where nothing happened. */
export async function usageByDay(
  db: Database,
  tenantId: string,
  from: string,
  to: string,
): Promise<UsageDay[]> {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`) + DAY_MS;
  const dayOf = (column: unknown) => sql<string>`strftime('%Y-%m-%d', ${column} / 1000, 'unixepoch')`;

  const [counters, models, sent, failed, audited] = await Promise.all([
    db
      .select({ day: usageDaily.day, metric: usageDaily.metric, value: usageDaily.value })
      .from(usageDaily)
      .where(
        and(eq(usageDaily.tenantId, tenantId), gte(usageDaily.day, from), sql`${usageDaily.day} <= ${to}`),
      ),
    db
      .select({
        day: dayOf(costLedger.at),
        calls: sql<number>`count(*)`,
        input: sql<number>`sum(${costLedger.inputTokens})`,
        cached: sql<number>`sum(${costLedger.cachedInputTokens})`,
        output: sql<number>`sum(${costLedger.outputTokens})`,
        cost: sql<number>`sum(${costLedger.costMicros})`,
      })
      .from(costLedger)
      .where(and(eq(costLedger.tenantId, tenantId), gte(costLedger.at, start), lt(costLedger.at, end)))
      .groupBy(dayOf(costLedger.at)),
    db
      .select({ day: dayOf(outbox.sentAt), n: sql<number>`count(*)` })
      .from(outbox)
      .where(
        and(
          eq(outbox.tenantId, tenantId),
          eq(outbox.status, "sent"),
          gte(outbox.sentAt, start),
          lt(outbox.sentAt, end),
        ),
      )
      .groupBy(dayOf(outbox.sentAt)),
    db
      .select({ day: dayOf(outbox.createdAt), n: sql<number>`count(*)` })
      .from(outbox)
      .where(
        and(
          eq(outbox.tenantId, tenantId),
          eq(outbox.status, "failed"),
          gte(outbox.createdAt, start),
          lt(outbox.createdAt, end),
        ),
      )
      .groupBy(dayOf(outbox.createdAt)),
    db
      .select({ day: dayOf(auditLog.at), action: auditLog.action, n: sql<number>`count(*)` })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.tenantId, tenantId),
          gte(auditLog.at, start),
          lt(auditLog.at, end),
          inArray(auditLog.action, Object.keys(AUDIT_METRIC)),
        ),
      )
      .groupBy(dayOf(auditLog.at), auditLog.action),
  ]);

  const days = new Map<string, UsageDay>();
  for (let at = start; at < end; at += DAY_MS) {
    const day = utcDay(at);
    days.set(day, {
      day,
      ...(Object.fromEntries(USAGE_METRICS.map((m) => [m, 0])) as Record<UsageMetric, number>),
    });
  }
  const add = (day: string, metric: UsageMetric, value: number | null) => {
    const row = days.get(day);
    if (row) row[metric] += Number(value ?? 0);
  };
  for (const row of counters) add(row.day, COUNTER_METRIC[row.metric], row.value);
  for (const row of models) {
    add(row.day, "modelCalls", row.calls);
    add(row.day, "inputTokens", row.input);
    add(row.day, "cachedInputTokens", row.cached);
    add(row.day, "outputTokens", row.output);
    add(row.day, "modelCostMicros", row.cost);
  }
  for (const row of sent) add(row.day, "deliveries", row.n);
  for (const row of failed) add(row.day, "deliveriesFailed", row.n);
  for (const row of audited) for (const metric of AUDIT_METRIC[row.action] ?? []) add(row.day, metric, row.n);
  return [...days.values()];
}

const snakeCase = (metric: string) => metric.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** The report as CSV (RFC 4180 line ends): a header of snake_case metric names, a line per day. */
export function usageCsv(days: readonly UsageDay[]): string {
  const lines = [["day", ...USAGE_METRICS.map(snakeCase)].join(",")];
  for (const day of days) lines.push([day.day, ...USAGE_METRICS.map((metric) => day[metric])].join(","));
  return `${lines.join("\r\n")}\r\n`;
}
