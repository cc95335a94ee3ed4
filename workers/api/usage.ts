/**
 * `GET /api/usage?from=YYYY-MM-DD&to=YYYY-MM-DD[&format=csv]`: the tenant's usage per UTC day
 * (db/queries/usage.ts) with totals, as JSON or as a CSV file for a spreadsheet. The range is
 * inclusive, 30 days up to today by default, at most 366 days; every day in it is present.
 */
import { z } from "zod";
import { database } from "../../db/client";
import { DAY_MS, lastDays, USAGE_METRICS, usageByDay, usageCsv, utcDay } from "../../db/queries/usage";
import { errorResponse } from "../errors";
import { apiRouter, parseQuery } from "./request";

export const MAX_USAGE_DAYS = 366;
const DEFAULT_DAYS = 30;

/** What the counters cannot see yet; said in every answer rather than reported as zero. */
export const NOT_METERED = ["d1RowsRead", "d1RowsWritten", "durableObjectRequests", "queueMessages"] as const;

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a day as YYYY-MM-DD")
  .refine(
    (day) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && utcDay(Date.parse(`${day}T00:00:00Z`)) === day,
    {
      message: "must be a calendar day",
    },
  );
const UsageQuery = z.strictObject({
  from: Day.optional(),
  to: Day.optional(),
  format: z.enum(["json", "csv"]).default("json"),
});

export const usageRoutes = apiRouter().get("/", async (c) => {
  const query = parseQuery(c, UsageQuery);
  if (!query.ok) return query.response;
  const today = utcDay(Date.now());
  const to = query.data.to ?? today;
  const from = query.data.from ?? lastDays(Date.parse(`${to}T00:00:00Z`), DEFAULT_DAYS).from;
  const span = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
  if (span < 1) return errorResponse(c, 400, `invalid from: ${from} is after to (${to})`, "from");
  if (span > MAX_USAGE_DAYS)
    return errorResponse(
      c,
      400,
      `invalid to: a report covers at most ${MAX_USAGE_DAYS} days (asked ${span})`,
      "to",
    );
  const tenantId = c.var.tenantId;
  const days = await usageByDay(database(c.env.DB), tenantId, from, to);
  if (query.data.format === "csv") {
    c.header("Content-Type", "text/csv; charset=utf-8");
    c.header("Content-Disposition", `attachment; filename="usage-${tenantId}-${from}-${to}.csv"`);
    return c.body(usageCsv(days));
  }
  const totals = Object.fromEntries(
    USAGE_METRICS.map((metric) => [metric, days.reduce((sum, day) => sum + day[metric], 0)]),
  );
  return c.json({ tenant: tenantId, from, to, days, totals, notMetered: NOT_METERED });
});
