/**
 * `npm run bench:routing`: routes the hand-labelled tasks in bench/data/routing-tasks.jsonl with
 * the kernel router and compares cost and tier choices against always-T4 and the labels.
 * Writes bench/results/routing.json and bench/results/routing.md.
 *
 * `--show dev` prints the development split's misrouted tasks (for tuning the cues); no other
 * split's tasks are ever printed, here or in the report.
 *
 * Every split is labelled for what it is (bench/routing-blindness.ts): blind only if the
 * difficulty model's own record shows it was never fitted on it and no router change was made
 * after its results were seen. Blind rows come first.
 *
 * `--out DIR` writes the result files under DIR instead of the repository (for bench:check).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { approximateTokens } from "../kernel/routing/cost";
import { DEFAULT_DIFFICULTY_MODEL } from "../kernel/routing/default-difficulty-model";
import { DEFAULT_TIER_TABLE } from "../kernel/routing/default-tiers";
import { routeTask } from "../kernel/routing/router";
import { mergeTierTable, type TierTable } from "../kernel/routing/tier-table";
import type { Tier } from "../kernel/routing/types";
import { writeOutput } from "./output";
import {
  blindFirst,
  type FittedPart,
  modelExposure,
  routerFingerprint,
  type SplitPart,
  type SplitStatus,
  splitStatus,
} from "./routing-blindness";
import { FRESH_SETS, isHeldOut, MAIN_SET, readLabelledSet, root } from "./routing-data";
import {
  type LabelledTask,
  OUTPUT_TOKENS_BY_LABEL,
  type SplitMetrics,
  SYSTEM_PROMPT_TOKENS,
  splitMetrics,
  TOKENS_PER_TOOL_SCHEMA,
} from "./routing-metrics";
import { renderRoutingReport } from "./routing-report";
import { loadWorkload, workloadMetrics } from "./routing-workload";

const workloadFile = path.join(root, "bench/data/routing-workload.json");
const MODEL_FILE = path.join(root, "kernel/routing/difficulty-model.json");

/** The model's record of what it was fitted on, checked against the data as it is now. */
const fittedOn = (JSON.parse(readFileSync(MODEL_FILE, "utf8")) as { fittedOn?: FittedPart[] }).fittedOn;
const exposure = modelExposure(fittedOn);
/** Set by main() once every set is routed: the fingerprint of the router being measured. */
let router = "";
const statusOf = (file: string, part: SplitPart): SplitStatus => splitStatus(exposure, file, part, router);
/** The whole main set mixes the tuned dev split with the seen held-out split. */
const MAIN_ALL_STATUS: SplitStatus = { kind: "tuned on", why: "includes the dev split" };

/** Routes a labelled set; `difficulty: null` routes by the rules alone, for comparison. */
function loadTasks(file: string, difficulty?: null): LabelledTask[] {
  return readLabelledSet(file).map((task) => {
    const decision = routeTask(task, { limits: { maxTier: 4 }, difficulty });
    if (decision.tier === null) throw new Error(`${file} line ${task.line}: router refused without a budget`);
    return {
      id: task.id,
      role: task.agentRole,
      text: task.text,
      label: task.label,
      chosen: decision.tier,
      inputTokens:
        SYSTEM_PROMPT_TOKENS +
        TOKENS_PER_TOOL_SCHEMA * (task.tools?.length ?? 0) +
        approximateTokens(task.text) +
        (task.contextTokens ?? 0),
      outputTokens: OUTPUT_TOKENS_BY_LABEL[task.label],
      reason: decision.reason,
    };
  });
}

/**
 * Each split routed by the rules alone and by the rules with the difficulty model, labelled for
 * what it is: only the splits the model was not fitted on test it.
 */
function difficultyModelComparison(
  tasks: LabelledTask[],
  freshSets: Array<{ name: string; file: string; status: SplitStatus; tasks: LabelledTask[] }>,
) {
  const rulesOnlyMain = loadTasks(MAIN_SET, null);
  const heldOutOnly = (routed: LabelledTask[]) => routed.filter((task) => isHeldOut(task.id));
  const devOnly = (routed: LabelledTask[]) => routed.filter((task) => !isHeldOut(task.id));
  const summary = (metrics: SplitMetrics) => ({
    underRoutingRate: metrics.underRoutingRate,
    overRoutingRate: metrics.overRoutingRate,
    savingsVsAlwaysT4: metrics.savingsVsAlwaysT4.routerWithCascade,
  });
  const row = (name: string, status: SplitStatus, withModel: LabelledTask[], rulesOnly: LabelledTask[]) => ({
    name,
    tasks: withModel.length,
    status,
    rulesOnly: summary(splitMetrics(DEFAULT_TIER_TABLE, rulesOnly)),
    withModel: summary(splitMetrics(DEFAULT_TIER_TABLE, withModel)),
  });
  const workload = loadWorkload(workloadFile);
  const day = (routed: LabelledTask[]) => {
    const metrics = workloadMetrics(DEFAULT_TIER_TABLE, workload, routed);
    return {
      underRoutingRate: metrics.underRoutingRate,
      overRoutingRate: metrics.overRoutingRate,
      savingsVsAlwaysT4: metrics.savingsVsAlwaysT4.routerWithCascade,
      costPerDayMicros: metrics.costPerDayMicros.routerWithCascade,
    };
  };
  return {
    fittedOn: (fittedOn ?? []).map((entry) => `${entry.file} (${entry.part})`),
    raiseAt: DEFAULT_DIFFICULTY_MODEL.raiseAt,
    splits: [
      row(
        "main set, held-out split",
        statusOf(MAIN_SET, "held-out"),
        heldOutOnly(tasks),
        heldOutOnly(rulesOnlyMain),
      ),
      row("main set, dev split", statusOf(MAIN_SET, "dev"), devOnly(tasks), devOnly(rulesOnlyMain)),
      ...freshSets.map((set) => row(set.name, set.status, set.tasks, loadTasks(set.file, null))),
    ],
    tenantDay: { rulesOnly: day(rulesOnlyMain), withModel: day(tasks) },
  };
}

/** The same benchmark under another reasonable table: T3 served by GPT-5 first instead of Sonnet. */
function alternativeTable(): TierTable {
  const t3 = DEFAULT_TIER_TABLE[3].routes;
  return mergeTierTable(DEFAULT_TIER_TABLE, { tiers: { "3": { routes: [...t3].reverse() } } });
}

function main(argv: string[]): void {
  const tasks = loadTasks(MAIN_SET);
  const routed = FRESH_SETS.map((set) => ({ ...set, tasks: loadTasks(set.file) }));
  router = routerFingerprint([
    ...tasks.map((task) => ({ file: MAIN_SET, id: task.id, tier: task.chosen })),
    ...routed.flatMap((set) => set.tasks.map((task) => ({ file: set.file, id: task.id, tier: task.chosen }))),
  ]);
  const freshSets = routed.map((set) => ({ ...set, status: statusOf(set.file, "all") }));
  for (const set of freshSets)
    if (set.status.kind === "blind" && set.firstRunRouter === undefined)
      console.log(
        `${set.name}: first run, router ${router}; record firstRunRouter: "${router}" for it in bench/routing-data.ts`,
      );
  const modelComparison = difficultyModelComparison(tasks, freshSets);
  const dev = tasks.filter((task) => !isHeldOut(task.id));
  const heldOut = tasks.filter((task) => isHeldOut(task.id));
  const roles = [...new Set(tasks.map((task) => task.role))];
  const byRole = Object.fromEntries(
    roles.map((role) => {
      const metrics = splitMetrics(
        DEFAULT_TIER_TABLE,
        tasks.filter((task) => task.role === role),
      );
      return [
        role,
        {
          tasks: metrics.tasks,
          underRouted: metrics.underRouted,
          overRouted: metrics.overRouted,
          savingsVsAlwaysT4: metrics.savingsVsAlwaysT4.routerWithCascade,
        },
      ];
    }),
  );
  const workload = loadWorkload(workloadFile);
  const day = {
    file: "bench/data/routing-workload.json",
    all: workloadMetrics(DEFAULT_TIER_TABLE, workload, tasks),
    dev: workloadMetrics(DEFAULT_TIER_TABLE, workload, dev, { partial: true }),
    heldOut: workloadMetrics(DEFAULT_TIER_TABLE, workload, heldOut, { partial: true }),
    fresh: freshSets.map((set) => ({
      name: set.name,
      status: set.status,
      ...workloadMetrics(DEFAULT_TIER_TABLE, workload, set.tasks, { partial: true }),
    })),
    peopleOnly: workloadMetrics(DEFAULT_TIER_TABLE, workload, tasks, { sources: ["people"] }),
    alternativeTableT3Gpt5: workloadMetrics(alternativeTable(), workload, tasks),
  };
  const labelCounts = [0, 1, 2, 3, 4].map((tier) => tasks.filter((task) => task.label === tier).length);
  const results = {
    generatedBy: "npm run bench:routing",
    routerFingerprint: router,
    dataset: {
      file: "bench/data/routing-tasks.jsonl",
      tasks: tasks.length,
      roles: roles.length,
      labelCounts,
    },
    tokenModel: {
      systemPromptTokens: SYSTEM_PROMPT_TOKENS,
      tokensPerToolSchema: TOKENS_PER_TOOL_SCHEMA,
      outputTokensByLabel: OUTPUT_TOKENS_BY_LABEL,
    },
    priceTable: Object.fromEntries(
      ([1, 2, 3, 4] as const).map((tier) => [`T${tier}`, DEFAULT_TIER_TABLE[tier].routes[0]]),
    ),
    status: {
      all: MAIN_ALL_STATUS,
      dev: statusOf(MAIN_SET, "dev"),
      heldOut: statusOf(MAIN_SET, "held-out"),
    },
    all: splitMetrics(DEFAULT_TIER_TABLE, tasks),
    dev: splitMetrics(DEFAULT_TIER_TABLE, dev),
    heldOut: splitMetrics(DEFAULT_TIER_TABLE, heldOut),
    fresh: freshSets.map((set) => ({
      name: set.name,
      file: set.file,
      status: set.status,
      ...splitMetrics(DEFAULT_TIER_TABLE, set.tasks),
    })),
    byRole,
    tenantDay: day,
    alternativeTableT3Gpt5: splitMetrics(alternativeTable(), tasks),
    difficultyModel: modelComparison,
    // Only the dev split's tasks are ever listed; the held-out split is counted, never shown.
    underRoutedTasks: dev
      .filter((task) => task.chosen < task.label)
      .map((task) => ({ id: task.id, label: task.label, chosen: task.chosen, text: task.text })),
    underRoutedHeldOut: heldOut.filter((task) => task.chosen < task.label).length,
  };
  writeOutput(argv, "bench/results/routing.json", `${JSON.stringify(results, null, 2)}\n`);
  writeOutput(argv, "bench/results/routing.md", renderRoutingReport(results));

  const line = (name: string, metrics: typeof results.all) =>
    `${name.padEnd(9)} n=${String(metrics.tasks).padStart(3)}  router ${(metrics.savingsVsAlwaysT4.routerWithCascade * 100).toFixed(1)}% cheaper than T4 ` +
    `(oracle ${(metrics.savingsVsAlwaysT4.oracle * 100).toFixed(1)}%)  under ${(metrics.underRoutingRate * 100).toFixed(1)}%  over ${(metrics.overRoutingRate * 100).toFixed(1)}%  ` +
    `$/1k tasks ${(metrics.costPer1000Micros.routerWithCascade / 1e6).toFixed(2)} vs T4 ${(metrics.costPer1000Micros.alwaysT4 / 1e6).toFixed(2)}`;
  const rows = blindFirst([
    ...results.fresh.map((set) => ({
      name: set.name.replace("fresh set ", "fresh-"),
      status: set.status,
      m: set,
    })),
    { name: "held-out", status: results.status.heldOut, m: results.heldOut },
    { name: "dev", status: results.status.dev, m: results.dev },
    { name: "all", status: results.status.all, m: results.all },
  ]);
  for (const row of rows) console.log(`${line(row.name, row.m)}  [${row.status.kind}]`);
  const dayRows = blindFirst([
    ...day.fresh.map((set) => ({
      name: set.name.replace("fresh set ", "fresh-"),
      status: set.status,
      m: set,
    })),
    { name: "held-out", status: results.status.heldOut, m: day.heldOut },
    { name: "dev", status: results.status.dev, m: day.dev },
    { name: "all", status: results.status.all, m: day.all },
  ]);
  const dayLine = (name: string, metrics: typeof day.all) =>
    `${name.padEnd(9)} ${metrics.tasksPerDay.toFixed(0).padStart(4)} tasks/day  router ${(metrics.savingsVsAlwaysT4.routerWithCascade * 100).toFixed(1)}% cheaper than T4 ` +
    `(oracle ${(metrics.savingsVsAlwaysT4.oracle * 100).toFixed(1)}%)  under ${(metrics.underRoutingRate * 100).toFixed(1)}%  over ${(metrics.overRoutingRate * 100).toFixed(1)}%  ` +
    `$/day ${(metrics.costPerDayMicros.routerWithCascade / 1e6).toFixed(2)} vs T4 ${(metrics.costPerDayMicros.alwaysT4 / 1e6).toFixed(2)}`;
  console.log("a tenant's day (frequency-weighted):");
  for (const row of dayRows) console.log(`${dayLine(row.name, row.m)}  [${row.status.kind}]`);
  console.log(`${dayLine("people", day.peopleOnly)}  [tuned on]`);
  if (argv.includes("--show") && argv[argv.indexOf("--show") + 1] === "dev") {
    for (const task of dev.filter((candidate) => candidate.chosen !== candidate.label)) {
      const direction: string = task.chosen < task.label ? "UNDER" : "over ";
      console.log(
        `${direction} ${task.id} label T${task.label} chose T${task.chosen as Tier}: ${task.text}\n        ${task.reason}`,
      );
    }
  }
}

main(process.argv.slice(2));
