/**
 * `npm run cairn -- usage --url <Cairn URL> [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--csv]`: the
 * tenant's usage per UTC day from `GET /api/usage` — a table of the main figures with totals, the
 * whole report as CSV for a spreadsheet (`--csv`), or the API's JSON (`--json`).
 */
import { z } from "zod";
import { USAGE_METRICS, usageCsv } from "../../db/queries/usage";
import {
  type AdminApiCliDeps,
  CONNECTION_OPTIONS,
  processDeps,
  readAdminApi,
  readConnectionArgs,
} from "../cli/admin-api";
import { dollars } from "../cli/tenant-status";

export const summary = "usage per day: messages, turns, model tokens and cost, deliveries, tool calls";

export const usage = `usage: npm run cairn -- usage --url <Cairn URL> [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--csv] [--admin-token <token>] [--json]

  --from, --to    the UTC days to report, inclusive (default: the 30 days up to today; at most 366)
  --csv           print every metric as CSV, a line per day
${CONNECTION_OPTIONS}`;

const Metrics = Object.fromEntries(USAGE_METRICS.map((metric) => [metric, z.number()])) as Record<
  (typeof USAGE_METRICS)[number],
  z.ZodNumber
>;
const ReportSchema = z.object({
  tenant: z.string(),
  from: z.string(),
  to: z.string(),
  days: z.array(z.object({ day: z.string(), ...Metrics })),
  totals: z.object(Metrics),
  notMetered: z.array(z.string()),
});
type Report = z.infer<typeof ReportSchema>;

const COLUMNS: Array<[string, (row: Report["totals"]) => string]> = [
  ["messages", (row) => String(row.messagesReceived)],
  ["turns", (row) => String(row.turns)],
  ["model calls", (row) => String(row.modelCalls)],
  ["tokens in/out", (row) => `${row.inputTokens}/${row.outputTokens}`],
  ["model cost", (row) => dollars(row.modelCostMicros)],
  ["deliveries", (row) => String(row.deliveries)],
  ["failed", (row) => String(row.deliveriesFailed)],
  ["tool calls", (row) => String(row.toolCalls)],
  ["proposals", (row) => String(row.proposalsCreated)],
];

export function render(report: Report): string[] {
  const rows = [
    ["day", ...COLUMNS.map(([name]) => name)],
    ...report.days.map((day) => [day.day, ...COLUMNS.map(([, cell]) => cell(day))]),
    ["total", ...COLUMNS.map(([, cell]) => cell(report.totals))],
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join("  ");
  return [
    `usage of tenant ${report.tenant}, ${report.from} to ${report.to} (UTC days)`,
    ...rows.map(line),
    `not metered yet: ${report.notMetered.join(", ")}`,
  ];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export async function runWith(args: string[], deps: AdminApiCliDeps): Promise<number> {
  const fail = (message: string) => {
    deps.err(`cairn usage: ${message}\n${usage}`);
    return 2;
  };
  const query = new URLSearchParams();
  let csv = false;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--csv") csv = true;
    else if (arg === "--from" || arg === "--to") {
      const value = args[++i];
      if (value === undefined || !DAY.test(value)) return fail(`${arg} needs a day as YYYY-MM-DD`);
      query.set(arg.slice(2), value);
    } else rest.push(arg);
  }
  const options = readConnectionArgs(rest, deps.env);
  if (typeof options === "string") return fail(options);
  if (options.rest.length > 0) return fail(`unexpected argument ${options.rest[0]}`);
  if (csv && options.json) return fail("choose one of --csv and --json");
  const path = `/api/usage${query.size > 0 ? `?${query}` : ""}`;
  const answer = await readAdminApi(deps, options.connection, path, ReportSchema, "a usage report");
  if (!answer.ok) {
    deps.err(`cairn usage: ${answer.message}`);
    return 2;
  }
  if (options.json) deps.out(JSON.stringify(answer.body));
  else if (csv) deps.out(usageCsv(answer.data.days).trimEnd());
  else for (const line of render(answer.data)) deps.out(line);
  return 0;
}

export function run(args: string[]): Promise<number> {
  return runWith(args, processDeps());
}
