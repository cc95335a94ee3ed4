/**
 * The webhook bench's reporting (bench/webhooks-report.ts): every run is reported, the headline is
 * the median and the worst of the runs, and the floor's 404 path is never held to the latency goal.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  appendRun,
  comparableRuns,
  readRuns,
  renderWebhooksReport,
  runMet,
  summariseRuns,
  type WebhookRun,
} from "../../../bench/webhooks-report";

function run(
  mode: WebhookRun["mode"],
  p99: number,
  load: number,
  extra: Partial<WebhookRun> = {},
): WebhookRun {
  return {
    mode,
    date: `2026-12-07T0${load}:00:00.000Z`,
    commit: "abc1234",
    requests: 2000,
    messages: "/help (model-free command)",
    targetRatePerSecond: 250,
    achievedRatePerSecond: 250,
    logLevel: "info",
    localObservability: false,
    acknowledgements: { [mode === "floor" ? "404" : "200"]: 2000 },
    ackLatencyMs: { p50: p99 / 10, p95: p99 / 2, p99, max: p99 * 2 },
    endToEnd:
      mode === "full"
        ? { answered: 2000, lost: 0, duplicated: 0, rejectedByFakes: 0, allAnsweredWithinMs: 60_000 }
        : null,
    burstCpu: null,
    environment: { loadAverage1mAtStart: load },
    ...extra,
  };
}

describe("a run's goals", () => {
  it("holds gateway-only and full runs to p99 < 50 ms and to all-200 answers", () => {
    expect(runMet(run("gateway-only", 40.3, 0.3))).toBe(true);
    expect(runMet(run("gateway-only", 50, 0.3))).toBe(false);
    expect(runMet(run("gateway-only", 10, 0.3, { acknowledgements: { "200": 1999, "503": 1 } }))).toBe(false);
  });

  it("fails a full run that lost or duplicated an update, however fast", () => {
    const lost = run("full", 10, 0.3);
    lost.endToEnd = { answered: 1999, lost: 1, duplicated: 0, rejectedByFakes: 0, allAnsweredWithinMs: null };
    expect(runMet(lost)).toBe(false);
  });

  it("never applies the latency goal to the floor's 404 path, only that every answer was 404", () => {
    expect(runMet(run("floor", 300, 0.3))).toBe(true);
    expect(runMet(run("floor", 5, 0.3, { acknowledgements: { "200": 2000 } }))).toBe(false);
    expect(renderWebhooksReport([run("floor", 300, 0.3)])).toContain("none (404 path)");
  });
});

describe("reporting several runs", () => {
  const runs = [run("gateway-only", 40.3, 0.3), run("gateway-only", 178, 2.1), run("gateway-only", 90, 1.2)];

  it("summarises by the median and the worst run, not the best", () => {
    const summary = summariseRuns(runs);
    expect(summary.ackLatencyMs.p99).toEqual({ median: 90, worst: 178 });
    expect(summary.metIn).toBe(1);
    expect(summary.loadAverage1m).toEqual({ lowest: 0.3, highest: 2.1 });
  });

  it("lists every run with its load average, and headlines median and worst", () => {
    const report = renderWebhooksReport(runs);
    expect(report).toContain("| p99 | 90 ms | 178 ms | < 50 ms |");
    for (const load of ["0.3", "2.1", "1.2"])
      expect(report).toMatch(new RegExp(`\\| abc1234 \\| ${load} \\|`));
    expect(report).toContain("Goals met in 1 of 3 runs");
  });

  it("keeps every run in the log and compares only like with like", () => {
    const root = mkdtempSync(path.join(tmpdir(), "webhook-runs-"));
    for (const r of [...runs, run("gateway-only", 8.6, 0.2, { logLevel: "warn" }), run("floor", 7, 0.3)])
      appendRun(root, r);
    const logged = readRuns(root);
    expect(logged).toHaveLength(5);
    expect(
      readFileSync(path.join(root, "bench/results/webhooks-runs.jsonl"), "utf8").trim().split("\n"),
    ).toHaveLength(5);
    expect(comparableRuns(logged, runs[0] as WebhookRun).map((r) => r.ackLatencyMs.p99)).toEqual([
      40.3, 178, 90,
    ]);
  });
});
