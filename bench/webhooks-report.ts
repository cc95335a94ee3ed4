/**
 * The webhook bench's results: every run is appended to bench/results/webhooks-runs.jsonl, and
 * each mode's report is rendered from all the runs of that mode and configuration in the log —
 * every run listed with its load average, the median and the worst of the runs as the headline,
 * never the best alone. A latency run cannot be reproduced, so a run that went badly stays in
 * the log beside the good ones; only a deliberate edit of the log can drop it, and that edit is
 * visible in review.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { CpuReport } from "./process-cpu";

export type WebhookMode = "full" | "gateway-only" | "floor";

export interface WebhookRun {
  mode: WebhookMode;
  /** When the burst started (ISO) and the commit measured; null for runs from before the log. */
  date: string | null;
  commit: string | null;
  note?: string;
  requests: number;
  messages: string;
  targetRatePerSecond: number;
  achievedRatePerSecond: number;
  logLevel: string;
  localObservability: boolean;
  acknowledgements: Record<string, number>;
  ackLatencyMs: { p50: number; p95: number; p99: number; max: number };
  endToEnd: {
    answered: number;
    lost: number;
    duplicated: number;
    rejectedByFakes: number;
    allAnsweredWithinMs: number | null;
  } | null;
  burstCpu: CpuReport | null;
  environment: { loadAverage1mAtStart: number; loadAverage1mAtEnd?: number; [key: string]: unknown };
}

/**
 * The acknowledgement goal applies to the paths that acknowledge a webhook. The floor answers a
 * path nothing serves with a 404: it says what the dev server costs, and a goal on it means nothing.
 */
export const P99_GOAL_MS = 50;
export const goalApplies = (mode: WebhookMode) => mode !== "floor";

/** Whether one run met its mode's goals. */
export function runMet(run: WebhookRun): boolean {
  const answers = Object.entries(run.acknowledgements);
  const expected = run.mode === "floor" ? "404" : "200";
  const allExpected = answers.length === 1 && answers[0]?.[0] === expected;
  if (!goalApplies(run.mode)) return allExpected;
  const delivered = run.endToEnd === null || (run.endToEnd.lost === 0 && run.endToEnd.duplicated === 0);
  return allExpected && delivered && run.ackLatencyMs.p99 < P99_GOAL_MS;
}

export const RUNS_LOG = "bench/results/webhooks-runs.jsonl";

export function readRuns(root: string): WebhookRun[] {
  const file = path.join(root, RUNS_LOG);
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, index) => {
      try {
        return JSON.parse(line) as WebhookRun;
      } catch {
        throw new Error(`${RUNS_LOG} line ${index + 1} is not JSON`);
      }
    });
}

/** Appends one run to the log; earlier lines are never rewritten. */
export function appendRun(root: string, run: WebhookRun): void {
  const file = path.join(root, RUNS_LOG);
  mkdirSync(path.dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify(run)}\n`);
}

/** Runs comparable with `run`: same mode, load, message kind and dev-server switches. */
export function comparableRuns(runs: readonly WebhookRun[], like: WebhookRun): WebhookRun[] {
  return runs.filter(
    (run) =>
      run.mode === like.mode &&
      run.requests === like.requests &&
      run.targetRatePerSecond === like.targetRatePerSecond &&
      run.messages === like.messages &&
      run.logLevel === like.logLevel &&
      run.localObservability === like.localObservability,
  );
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

export interface RunsSummary {
  runs: number;
  metIn: number;
  ackLatencyMs: Record<"p50" | "p95" | "p99" | "max", { median: number; worst: number }>;
  loadAverage1m: { lowest: number; highest: number };
}

export function summariseRuns(runs: readonly WebhookRun[]): RunsSummary {
  if (runs.length === 0) throw new Error("no runs to summarise");
  const stat = (key: "p50" | "p95" | "p99" | "max") => {
    const values = runs.map((run) => run.ackLatencyMs[key]);
    return { median: Math.round(median(values) * 10) / 10, worst: Math.max(...values) };
  };
  const loads = runs.map((run) => run.environment.loadAverage1mAtStart);
  return {
    runs: runs.length,
    metIn: runs.filter(runMet).length,
    ackLatencyMs: { p50: stat("p50"), p95: stat("p95"), p99: stat("p99"), max: stat("max") },
    loadAverage1m: { lowest: Math.min(...loads), highest: Math.max(...loads) },
  };
}

const TITLES: Record<WebhookMode, string> = {
  full: "# Webhook burst: acknowledgement latency and end-to-end delivery",
  "gateway-only": "# Webhook burst, gateway only: acknowledgement latency with no queue consumers running",
  floor: "# Webhook burst, floor: the same load against a path nothing serves",
};

const WHAT: Record<WebhookMode, string> = {
  full: "Every update must produce exactly one send to the local Bot API / Web API stand-in.",
  "gateway-only":
    "The Worker runs without its queue consumers, so this is the acknowledgement path alone; nothing is answered. The queue's messages go to a sink Worker in the same dev session that acknowledges them.",
  floor:
    "Every request goes to a path no route serves and is answered 404 by the router: nothing is read, verified or enqueued, so this is the dev server's own cost per request. The acknowledgement goal does not apply to it.",
};

function runRow(run: WebhookRun): string {
  const lat = run.ackLatencyMs;
  const e2e = run.endToEnd ? `${run.endToEnd.lost} / ${run.endToEnd.duplicated}` : "—";
  const cpu = run.burstCpu ? `${run.burstCpu.totalSeconds} / ${run.burstCpu.capacitySeconds} s` : "—";
  const when = run.date ? run.date.slice(0, 16).replace("T", " ") : "before the log (see note)";
  const load = `${run.environment.loadAverage1mAtStart}${run.environment.loadAverage1mAtEnd === undefined ? "" : ` → ${run.environment.loadAverage1mAtEnd}`}`;
  return `| ${when} | ${run.commit ?? "—"} | ${load} | ${lat.p50} | ${lat.p95} | ${lat.p99} | ${lat.max} | ${JSON.stringify(run.acknowledgements)} | ${e2e} | ${cpu} | ${runMet(run) ? "yes" : "no"} |`;
}

/** The Markdown report of one mode and configuration: every run, then median and worst. */
export function renderWebhooksReport(runs: readonly WebhookRun[]): string {
  const latest = runs.at(-1);
  if (!latest) throw new Error("no runs to report");
  const summary = summariseRuns(runs);
  const goal = goalApplies(latest.mode) ? `< ${P99_GOAL_MS} ms` : "none (404 path)";
  const lat = summary.ackLatencyMs;
  const cpu = latest.burstCpu;
  return [
    TITLES[latest.mode],
    "",
    `\`${latest.mode === "full" ? "" : `BENCH_MODE=${latest.mode} `}npm run bench:webhooks\`: ${latest.requests} webhooks (Telegram updates and Slack \`app_mention\` events, interleaved; ${latest.messages}) at ${latest.targetRatePerSecond}/s from a second process against \`wrangler dev --local\` on loopback, Worker LOG_LEVEL=${latest.logLevel}, local observability ${latest.localObservability ? "on" : "off"}. ${WHAT[latest.mode]}`,
    "",
    `Every run of this configuration in ${RUNS_LOG} is below (${summary.runs} run${summary.runs === 1 ? "" : "s"}, 1-minute load average at start ${summary.loadAverage1m.lowest}–${summary.loadAverage1m.highest}); the headline is the median and the worst of the runs, never the best.`,
    "",
    "| ack latency | median of runs | worst of runs | goal |",
    "|---|---|---|---|",
    `| p50 | ${lat.p50.median} ms | ${lat.p50.worst} ms | |`,
    `| p95 | ${lat.p95.median} ms | ${lat.p95.worst} ms | |`,
    `| p99 | ${lat.p99.median} ms | ${lat.p99.worst} ms | ${goal} |`,
    `| max | ${lat.max.median} ms | ${lat.max.worst} ms | |`,
    "",
    `Goals met in ${summary.metIn} of ${summary.runs} run${summary.runs === 1 ? "" : "s"}${goalApplies(latest.mode) ? ` (p99 < ${P99_GOAL_MS} ms, every answer ${latest.mode === "full" ? "200, none lost or duplicated" : "200"})` : " (every answer 404; no latency goal)"}.`,
    "",
    "| run (UTC) | commit | load avg 1m (start → end) | p50 ms | p95 ms | p99 ms | max ms | answers | lost / duplicated | CPU used / had | goals met |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
    ...runs.map(runRow),
    "",
    ...runs.flatMap((run, index) => (run.note ? [`- Run ${index + 1}: ${run.note}.`] : [])),
    ...(runs.some((run) => run.note) ? [""] : []),
    ...(cpu
      ? [
          `CPU during the latest run's burst (first request to last acknowledgement, ${cpu.windowSeconds} s; read from /proc):`,
          "",
          "| process | CPU seconds |",
          "|---|---|",
          ...cpu.byRole.map((row) => `| ${row.role} | ${row.seconds} |`),
          `| total | ${cpu.totalSeconds} |`,
          "",
        ]
      : []),
    "Latency is wall-clock on a shared machine: compare runs by their load average, on the same machine only.",
    "",
    'How to read it: docs/channels.md, "Acknowledgement latency".',
    "",
  ].join("\n");
}

/** Writes bench/results/webhooks[-mode].{json,md} for the configuration of `latest`. */
export function writeWebhooksResults(root: string, latest: WebhookRun): void {
  const runs = comparableRuns(readRuns(root), latest);
  const name = latest.mode === "full" ? "webhooks" : `webhooks-${latest.mode}`;
  const dir = path.join(root, "bench", "results");
  const json = { command: "npm run bench:webhooks", summary: summariseRuns(runs), latest, runs };
  writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(path.join(dir, `${name}.md`), renderWebhooksReport(runs));
}
