/**
 * Renders bench/results/routing.md from the benchmark's results object. Every table prints its
 * blind rows first and labels every row for what it is (bench/routing-blindness.ts).
 */
import { blindFirst, type SplitStatus, statusLabel } from "./routing-blindness";
import type { SplitMetrics } from "./routing-metrics";
import type { WorkloadMetrics } from "./routing-workload";

interface ReportInput {
  dataset: { tasks: number; roles: number; labelCounts: number[] };
  status: { all: SplitStatus; dev: SplitStatus; heldOut: SplitStatus };
  all: SplitMetrics;
  dev: SplitMetrics;
  heldOut: SplitMetrics;
  fresh: Array<SplitMetrics & { name: string; file: string; status: SplitStatus }>;
  byRole: Record<
    string,
    { tasks: number; underRouted: number; overRouted: number; savingsVsAlwaysT4: number }
  >;
  alternativeTableT3Gpt5: SplitMetrics;
  tenantDay: {
    file: string;
    all: WorkloadMetrics;
    dev: WorkloadMetrics;
    heldOut: WorkloadMetrics;
    fresh: Array<WorkloadMetrics & { name: string; status: SplitStatus }>;
    peopleOnly: WorkloadMetrics;
    alternativeTableT3Gpt5: WorkloadMetrics;
  };
  priceTable: Record<
    string,
    | { provider: string; model: string; price: { input: number; output: number; cachedInput: number } }
    | undefined
  >;
  difficultyModel: {
    fittedOn: readonly string[];
    raiseAt: number;
    splits: Array<{
      name: string;
      tasks: number;
      status: SplitStatus;
      rulesOnly: RoutingSummary;
      withModel: RoutingSummary;
    }>;
    tenantDay: { rulesOnly: RoutingSummary; withModel: RoutingSummary };
  };
  underRoutedTasks: { id: string; label: number; chosen: number; text: string }[];
  underRoutedHeldOut: number;
}

interface RoutingSummary {
  underRoutingRate: number;
  overRoutingRate: number;
  savingsVsAlwaysT4: number;
}

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
const usd = (micros: number) => `$${(micros / 1_000_000).toFixed(2)}`;
const perM = (micros: number) => `$${(micros / 1_000_000).toFixed(3)}`;

/** "**blind**", or what the split is. */
const tag = (status: SplitStatus) => (status.kind === "blind" ? "**blind**" : statusLabel(status));

function splitRow(name: string, m: SplitMetrics): string {
  return `| ${name} | ${m.tasks} | ${pct(m.savingsVsAlwaysT4.routerWithCascade)} | ${pct(m.savingsVsAlwaysT4.routerFirstChoice)} | ${pct(m.savingsVsAlwaysT4.oracle)} | ${m.routerCostVsOracle.toFixed(2)}× | ${pct(m.underRoutingRate)} (${m.underRouted}) | ${pct(m.overRoutingRate)} (${m.overRouted}) | ${m.unresolvedAfterCascade} | ${usd(m.costPer1000Micros.routerWithCascade)} | ${usd(m.costPer1000Micros.oracle)} | ${usd(m.costPer1000Micros.alwaysT4)} |`;
}

function dayRow(name: string, m: WorkloadMetrics): string {
  const covered = m.tasksPerDayNotCovered > 0 ? ` (${m.tasksPerDayNotCovered.toFixed(1)} not in split)` : "";
  return `| ${name} | ${m.tasksPerDay.toFixed(1)}${covered} | ${m.tasksPerDayByTier.map((n) => n.toFixed(1)).join(" / ")} | ${pct(m.savingsVsAlwaysT4.routerWithCascade)} | ${pct(m.savingsVsAlwaysT4.oracle)} | ${m.routerCostVsOracle.toFixed(2)}× | ${pct(m.underRoutingRate)} | ${pct(m.overRoutingRate)} | ${usd(m.costPerDayMicros.routerWithCascade)} | ${usd(m.costPerDayMicros.oracle)} | ${usd(m.costPerDayMicros.alwaysT4)} |`;
}

function renderTenantDay(day: ReportInput["tenantDay"], status: ReportInput["status"]): string[] {
  return [
    "## A tenant's day (frequency-weighted)",
    "",
    `The same routing decisions, weighted by how often each kind of task occurs in a working day of a small design-and-build company (${day.file}; every number is justified in docs/routing.md, "A tenant's day"). Weights are per role and label tier, never per router outcome; a cell's daily count is spread evenly over its labelled tasks. Under- and over-routing are shares of the day's tasks.`,
    "",
    "| workload | tasks/day | by label T0 / T1 / T2 / T3 / T4 | router savings vs always-T4 (with cascade) | oracle savings | router ÷ oracle | under-routing | over-routing | router $/day | oracle $/day | always-T4 $/day |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
    ...blindFirst([
      ...day.fresh.map((set) => ({ name: `${set.name} only`, status: set.status, m: set })),
      { name: "held-out split only", status: status.heldOut, m: day.heldOut },
      { name: "dev split only", status: status.dev, m: day.dev },
      { name: "all tasks", status: status.all, m: day.all },
    ]).map((row) => dayRow(`${row.name} (${tag(row.status)})`, row.m)),
    dayRow(`people's messages only, no scheduled cycle checks (${tag(status.all)})`, day.peopleOnly),
    dayRow(`all, T3 = GPT-5 (${tag(status.all)})`, day.alternativeTableT3Gpt5),
    "",
    "A split reweights only its own labelled tasks; daily work of a (role, tier) with no task in the split is left out and shown in brackets.",
    "",
  ];
}

function renderDifficultyModel(model: ReportInput["difficultyModel"]): string[] {
  const cells = (m: RoutingSummary) =>
    `${pct(m.underRoutingRate)} | ${pct(m.overRoutingRate)} | ${pct(m.savingsVsAlwaysT4)}`;
  return [
    "## The difficulty model: rules alone against rules + model",
    "",
    `The model (kernel/routing/difficulty-model.json, \`npm run train:routing\`) was fitted (weights, penalty and \`raiseAt\`) on ${model.fittedOn.join(", ")}, as its own record says; the benchmark checks that record against the data before labelling any split. It raises the rules' tier to the highest tier it gives at least ${pct(model.raiseAt)} probability of being needed. A split it was fitted on says nothing about it; a "seen" split was not fitted on, but its results were looked at before a router change.`,
    "",
    "| split | tasks | what it is | rules alone: under | over | savings vs T4 | rules + model: under | over | savings vs T4 |",
    "|---|---|---|---|---|---|---|---|---|",
    ...blindFirst(model.splits).map(
      (split) =>
        `| ${split.name} | ${split.tasks} | ${tag(split.status)} | ${cells(split.rulesOnly)} | ${cells(split.withModel)} |`,
    ),
    `| a tenant's day (main set) | — | tuned on: includes the dev split | ${cells(model.tenantDay.rulesOnly)} | ${cells(model.tenantDay.withModel)} |`,
    "",
  ];
}

export function renderRoutingReport(results: ReportInput): string {
  const lines: string[] = [];
  lines.push("# Routing benchmark results", "");
  lines.push("Generated by `npm run bench:routing` (bench/routing.ts). Do not edit by hand.", "");
  lines.push(
    `${results.dataset.tasks} hand-labelled tasks across ${results.dataset.roles} roles; labels (cheapest adequate tier) T0–T4: ${results.dataset.labelCounts.join(" / ")}.`,
    "Split: 30% held out by an FNV hash of the task id, fixed before any tuning. Its tasks are never printed and the difficulty model is never fitted on it; its totals were printed on every run while the cues were tuned on the dev split, so it is reported as seen, not blind.",
    `Fresh sets: ${results.fresh.map((set) => `${set.tasks} tasks in ${set.file}`).join(", ")}; each written, labelled and committed before the router first routed it. A set studied since to change the router is "tuned on" (the commit named); a set whose results were seen before a later router change is "seen"; only a set with neither, and which the difficulty model's record shows it was never fitted on, is blind. First (blind) results of the rules: set 1 15.0% under-routing, set 2 20.0%, set 3 11.3%, set 4 16.3%; sets 5 to 8 were written by helpers who never saw the router (docs/routing.md). Only totals are reported.`,
    "",
  );
  lines.push(
    "## Default price table (first route of each tier, per million tokens: input / output / cached)",
    "",
  );
  for (const [tier, route] of Object.entries(results.priceTable)) {
    if (route)
      lines.push(
        `- ${tier}: ${route.provider}/${route.model} — ${perM(route.price.input)} / ${perM(route.price.output)} / ${perM(route.price.cachedInput)}`,
      );
  }
  lines.push("", "## Cost and routing quality", "");
  lines.push(
    "| split | tasks | router savings vs always-T4 (with cascade) | first choice only | oracle savings | router cost ÷ oracle | under-routing | over-routing | unresolved after cascade | router $/1k tasks | oracle $/1k | always-T4 $/1k |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ...blindFirst([
      ...results.fresh.map((set) => ({ name: set.name, status: set.status, m: set as SplitMetrics })),
      { name: "held-out", status: results.status.heldOut, m: results.heldOut },
      { name: "dev", status: results.status.dev, m: results.dev },
      { name: "all", status: results.status.all, m: results.all },
    ]).map((row) => splitRow(`${row.name} (${tag(row.status)})`, row.m)),
    splitRow(`all, T3 = GPT-5 (${tag(results.status.all)})`, results.alternativeTableT3Gpt5),
    "",
  );
  lines.push(
    '"With cascade" charges an under-routed task for every attempt: the failed cheaper one(s) and each tier up to the label (at most 2 escalations).',
    "",
  );
  lines.push(...renderDifficultyModel(results.difficultyModel));
  lines.push(...renderTenantDay(results.tenantDay, results.status));
  lines.push("## Confusion (rows: label, columns: router's choice), all tasks (tuned on)", "");
  lines.push("| label \\ chosen | T0 | T1 | T2 | T3 | T4 |", "|---|---|---|---|---|---|");
  results.all.confusion.forEach((row, label) => {
    lines.push(`| T${label} | ${row.join(" | ")} |`);
  });
  lines.push(
    "",
    "## By role, all tasks (tuned on)",
    "",
    "| role | tasks | under | over | savings vs T4 |",
    "|---|---|---|---|---|",
  );
  for (const [role, metrics] of Object.entries(results.byRole)) {
    lines.push(
      `| ${role} | ${metrics.tasks} | ${metrics.underRouted} | ${metrics.overRouted} | ${pct(metrics.savingsVsAlwaysT4)} |`,
    );
  }
  lines.push("", "## Under-routed tasks of the dev split (the held-out split is counted, never listed)", "");
  for (const task of results.underRoutedTasks) {
    lines.push(`- ${task.id} label T${task.label}, chose T${task.chosen}: ${task.text}`);
  }
  lines.push("", `Held-out split: ${results.underRoutedHeldOut} under-routed.`);
  return `${lines.join("\n")}\n`;
}
