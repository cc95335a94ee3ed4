/**
 * Usage and costs: the tenant's days (db/queries/usage.ts) as two bar charts — messages and model
 * spend per UTC day — a table of every day, spend against the budgets, and the same report as a
 * CSV download. Charts are SVG drawn on the server with presentation attributes, so the
 * Content-Security-Policy (no inline style or script) holds and the page works without script.
 */
import type { Child } from "hono/jsx";
import { z } from "zod";
import { database } from "../../db/client";
import { spendTotals, storedRoutingSettings } from "../../db/queries/routing";
import { lastDays, type UsageDay, usageByDay, usageCsv } from "../../db/queries/usage";
import { systemClock } from "../../kernel/clock";
import { routingSettingsFrom } from "../../kernel/routing/tenant-settings";
import { errorResponse } from "../errors";
import { dashboardRouter, tenantPath } from "./context";
import { Page } from "./layout";

/** A page shows at most this many days: a chart of more bars than pixels helps nobody. */
const MAX_DAYS = 92;
const Days = z.strictObject({ days: z.coerce.number().int().min(1).max(MAX_DAYS).default(30) });

const dollars = (micros: number) => `$${(micros / 1_000_000).toFixed(micros > 0 && micros < 10_000 ? 4 : 2)}`;

/** One bar per day, scaled to the largest; the day and value in each bar's title for a pointer or a reader. */
function BarChart({
  label,
  days,
  value,
  format,
}: {
  label: string;
  days: UsageDay[];
  value: (day: UsageDay) => number;
  format: (n: number) => string;
}) {
  const width = 600;
  const height = 120;
  const most = Math.max(1, ...days.map(value));
  const step = width / days.length;
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${width} ${height + 16}`}
        role="img"
        aria-label={`${label}, ${days[0]?.day} to ${days.at(-1)?.day}, at most ${format(most)} a day`}
      >
        {days.map((day, index) => {
          const h = Math.round((value(day) / most) * height);
          return (
            <rect
              x={(index * step + step * 0.1).toFixed(1)}
              y={height - h}
              width={(step * 0.8).toFixed(1)}
              height={h}
              fill="#2b6cb0"
            >
              <title>{`${day.day}: ${format(value(day))}`}</title>
            </rect>
          );
        })}
        <line x1="0" y1={height} x2={width} y2={height} stroke="#8892a0" />
        <text x="0" y={height + 14} font-size="11" fill="#5b6472">
          {days[0]?.day}
        </text>
        <text x={width} y={height + 14} font-size="11" fill="#5b6472" text-anchor="end">
          {days.at(-1)?.day}
        </text>
      </svg>
      <figcaption>{`${label} (highest ${format(most)})`}</figcaption>
    </figure>
  );
}

function Budget({ name, spent, budget }: { name: string; spent: number; budget: number | null }): Child {
  return (
    <li>
      {`${name}: ${dollars(spent)} `}
      {budget === null ? (
        <span class="muted">no budget set</span>
      ) : (
        `of ${dollars(budget)}${spent >= budget ? " — spent" : ""}`
      )}
    </li>
  );
}

export const usageRoutes = dashboardRouter()
  .get("/usage", async (c) => {
    const query = Days.safeParse(c.req.query());
    if (!query.success) return errorResponse(c, 400, `invalid days: a number from 1 to ${MAX_DAYS}`, "days");
    const { member, csrfToken } = c.var.signedIn;
    const tenantId = c.var.tenantId;
    const db = database(c.env.DB);
    const now = systemClock.now();
    const { from, to } = lastDays(now, query.data.days);
    const [days, spend, stored] = await Promise.all([
      usageByDay(db, tenantId, from, to),
      spendTotals(db, tenantId, "", now),
      storedRoutingSettings(db, tenantId),
    ]);
    const budget = routingSettingsFrom(stored).budget.tenant;
    const total = (pick: (day: UsageDay) => number) => days.reduce((sum, day) => sum + pick(day), 0);
    return c.html(
      <Page title="Usage and costs" tenantId={tenantId} member={{ ...member, csrfToken }}>
        <p class="muted">
          {`${from} to ${to} (UTC days): ${total((d) => d.messagesReceived)} messages, ${total((d) => d.turns)} turns, ${total((d) => d.modelCalls)} model calls costing ${dollars(total((d) => d.modelCostMicros))}. `}
          <a href={tenantPath(tenantId, `/usage.csv?days=${query.data.days}`)}>Download CSV</a>
        </p>
        <nav class="actions" aria-label="Range">
          {[7, 30, 90].map((n) => (
            <a
              href={tenantPath(tenantId, `/usage?days=${n}`)}
              aria-current={n === query.data.days ? "page" : undefined}
            >
              {`${n} days`}
            </a>
          ))}
        </nav>
        <h2>Spend against the budgets</h2>
        <ul>
          <Budget name="today" spent={spend.tenantTodayMicros} budget={budget.dailyMicros ?? null} />
          <Budget name="this month" spent={spend.tenantMonthMicros} budget={budget.monthlyMicros ?? null} />
        </ul>
        <BarChart label="Messages per day" days={days} value={(d) => d.messagesReceived} format={String} />
        <BarChart label="Model spend per day" days={days} value={(d) => d.modelCostMicros} format={dollars} />
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th>Day</th>
                <th>Messages</th>
                <th>Turns</th>
                <th>Model calls</th>
                <th>Tokens in / out</th>
                <th>Model spend</th>
                <th>Deliveries</th>
                <th>Tool calls</th>
                <th>Proposals</th>
              </tr>
            </thead>
            <tbody>
              {[...days].reverse().map((day) => (
                <tr data-day={day.day}>
                  <td>{day.day}</td>
                  <td>{day.messagesReceived}</td>
                  <td>{day.turns}</td>
                  <td>{day.modelCalls}</td>
                  <td>{`${day.inputTokens} / ${day.outputTokens}`}</td>
                  <td>{dollars(day.modelCostMicros)}</td>
                  <td>
                    {day.deliveriesFailed > 0
                      ? `${day.deliveries} (${day.deliveriesFailed} failed)`
                      : day.deliveries}
                  </td>
                  <td>
                    {day.toolCallsDenied > 0
                      ? `${day.toolCalls} (${day.toolCallsDenied} denied)`
                      : day.toolCalls}
                  </td>
                  <td>{day.proposalsCreated}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Page>,
    );
  })
  .get("/usage.csv", async (c) => {
    const query = Days.safeParse(c.req.query());
    if (!query.success) return errorResponse(c, 400, `invalid days: a number from 1 to ${MAX_DAYS}`, "days");
    const now = systemClock.now();
    const { from, to } = lastDays(now, query.data.days);
    const days = await usageByDay(database(c.env.DB), c.var.tenantId, from, to);
    return c.body(usageCsv(days), 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="usage-${c.var.tenantId}-${from}-${to}.csv"`,
    });
  });
