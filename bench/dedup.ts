/**
 * `npm run bench:dedup [-- --verbose] [-- --lexical]`: precision and recall of the dedup layers.
 * First, and the headline: the hand-written BLIND paraphrase stream (bench/data/dedup-paraphrase-blind.ts),
 * written before issue 21's dedup changes and never tuned on (only totals are printed); then the
 * dev paraphrase stream it was tuned on; then the older generated stream (bench/data/dedup-generator.ts),
 * whose templates the normaliser's vocabulary was written alongside — seen data, reported as such.
 * All run with the default configuration and the offline word meanings (`--lexical`: without them).
 * Writes bench/results/dedup.{json,md} and the first held-out stream as bench/data/dedup-stream.jsonl
 * (labels included; `npm run cairn -- dedup --json` ignores them).
 */
import {
  createDedupContext,
  type DedupConfigInput,
  type DedupEvent,
  dedupEvent,
  MemoryDedupStore,
  resolveDedupConfig,
} from "../kernel/dedup/index";
import { offlineWordMeaning } from "../providers/embeddings/offline-word-vectors";
import { generateDedupStream, type LabelledEvent, type Layer } from "./data/dedup-generator";
import { type LayerScore, poolCases, poolLayerScores, scoreStream, type Verdict } from "./dedup-metrics";
import { runParaphraseStream } from "./dedup-paraphrase";
import { renderDedupReport } from "./dedup-report";
import { writeOutput } from "./output";

/** Seeds whose mistakes may be looked at while tuning (seed 1 from the start, 7–9 added later). */
export const tuningSeeds = [1, 7, 8, 9];
export const reportingSeeds = [2, 3, 4, 5, 6];
const layers: Layer[] = ["channel", "discovery", "task", "proposal"];
const goal = { precision: 0.98, recall: 0.95 };

const lexicalOnly = process.argv.includes("--lexical");
const words = lexicalOnly ? undefined : offlineWordMeaning();

async function runSeed(seed: number, config: DedupConfigInput = {}) {
  const events = generateDedupStream(seed);
  const context = createDedupContext(new MemoryDedupStore(), config, { words });
  const verdicts: Verdict[] = [];
  const started = performance.now();
  for (const event of events) {
    const { label: _label, ...input } = event;
    verdicts.push(await dedupEvent(context, input satisfies DedupEvent));
  }
  const elapsedMs = performance.now() - started;
  return { seed, events, verdicts, elapsedMs, ...scoreStream(events, verdicts) };
}

function describeMistake(event: LabelledEvent, verdict: Verdict & { reason?: string }): string {
  const expected = event.label.duplicate ? `dup of ${event.label.of.join("|")}` : "new";
  const got = verdict.duplicate ? `dup of ${verdict.of}` : "new";
  return `  ${event.id} [${event.layer}/${event.label.case}] expected ${expected}, got ${got}: ${JSON.stringify(event.text)} (${verdict.reason ?? ""})`;
}

/** `--sweep`: precision and recall on the tuning seed for a range of thresholds (how the defaults were chosen). */
async function sweep() {
  const thresholds = [0.2, 0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9];
  const settings: Array<[Layer, (t: number) => DedupConfigInput]> = [
    ["discovery", (t) => ({ discovery: { textJaccard: t } })],
    ["task", (t) => ({ task: { shingleJaccard: t } })],
    ["task", (t) => ({ task: { sharedIdentifierJaccard: t } })],
    ["proposal", (t) => ({ proposal: { argsJaccard: t } })],
  ];
  for (const [layer, configFor] of settings) {
    for (const threshold of thresholds) {
      const runs = [];
      for (const seed of tuningSeeds) runs.push(await runSeed(seed, configFor(threshold)));
      const s = poolLayerScores(
        runs.map((run) => run.perLayer),
        layer,
      );
      console.log(
        `${layer} ${threshold.toFixed(2)}: precision ${s.precision.toFixed(3)} recall ${s.recall.toFixed(3)}`,
      );
    }
  }
}

function printScores(title: string, scores: Record<string, LayerScore>) {
  console.log(title);
  for (const layer of layers) {
    const s = scores[layer];
    if (!s) continue;
    console.log(
      `  ${layer.padEnd(10)} precision ${s.precision.toFixed(3)} recall ${s.recall.toFixed(3)}  (tp ${s.truePositives} fp ${s.falsePositives} fn ${s.falseNegatives} tn ${s.trueNegatives})`,
    );
  }
}

async function main(argv: string[]) {
  if (argv.includes("--sweep")) return sweep();
  const verbose = argv.includes("--verbose");
  const outside = await runParaphraseStream("outside", { words });
  const blind = await runParaphraseStream("blind", { words });
  const dev = await runParaphraseStream("dev", { words });
  const layerRecord = (perLayer: Map<Layer, LayerScore>) =>
    Object.fromEntries(
      ["channel", "task", "proposal"].map((layer) => [layer, perLayer.get(layer as Layer)!]),
    );
  const paraphrase = (run: typeof blind) => ({
    events: run.events.length,
    duplicates: run.events.filter((e) => e.label.duplicate).length,
    tenants: new Set(run.events.map((e) => e.tenant)).size,
    layers: layerRecord(run.perLayer),
    cases: run.cases,
  });
  const tuningRuns: Array<Awaited<ReturnType<typeof runSeed>>> = [];
  for (const seed of tuningSeeds) tuningRuns.push(await runSeed(seed));
  const held: Array<Awaited<ReturnType<typeof runSeed>>> = [];
  for (const seed of reportingSeeds) held.push(await runSeed(seed));
  const config = resolveDedupConfig();

  const summary = (run: (typeof tuningRuns)[number]) =>
    Object.fromEntries(layers.map((layer) => [layer, run.perLayer.get(layer)!]));
  const poolRuns = (runs: typeof held) =>
    Object.fromEntries(
      layers.map((layer) => [
        layer,
        poolLayerScores(
          runs.map((run) => run.perLayer),
          layer,
        ),
      ]),
    );
  const pooled = poolRuns(held);
  const tuningEvents = tuningRuns.reduce((sum, run) => sum + run.events.length, 0);
  const heldEvents = held.reduce((sum, run) => sum + run.events.length, 0);
  const heldMs = held.reduce((sum, run) => sum + run.elapsedMs, 0);
  const results = {
    benchmark: "dedup",
    generatedBy: `npm run bench:dedup${lexicalOnly ? " -- --lexical" : ""}`,
    wordMeanings: lexicalOnly
      ? "none (--lexical)"
      : "offline GloVe word vectors (providers/embeddings/offline-word-vectors.ts)",
    config,
    goal,
    outside: paraphrase(outside),
    blind: paraphrase(blind),
    dev: paraphrase(dev),
    tuning: {
      seeds: tuningSeeds,
      events: tuningEvents,
      layers: poolRuns(tuningRuns),
      perSeed: tuningRuns.map((run) => ({ seed: run.seed, events: run.events.length, layers: summary(run) })),
    },
    reporting: {
      seeds: reportingSeeds,
      events: heldEvents,
      duplicates: held.reduce((sum, run) => sum + run.events.filter((e) => e.label.duplicate).length, 0),
      layers: pooled,
      perSeed: held.map((run) => ({ seed: run.seed, events: run.events.length, layers: summary(run) })),
      cases: poolCases(held.map((run) => run.cases)),
    },
    meetsGoal: layers.every(
      (layer) => pooled[layer]!.precision >= goal.precision && pooled[layer]!.recall >= goal.recall,
    ),
    outsideMeetsGoal: (["task", "proposal"] as const).every(
      (layer) =>
        outside.perLayer.get(layer)!.precision >= goal.precision &&
        outside.perLayer.get(layer)!.recall >= goal.recall,
    ),
    blindMeetsGoal: (["channel", "task", "proposal"] as const).every(
      (layer) =>
        blind.perLayer.get(layer)!.precision >= goal.precision &&
        blind.perLayer.get(layer)!.recall >= goal.recall,
    ),
  };

  const suffix = lexicalOnly ? "-lexical" : "";
  writeOutput(argv, `bench/results/dedup${suffix}.json`, `${JSON.stringify(results, null, 2)}\n`);
  writeOutput(argv, `bench/results/dedup${suffix}.md`, renderDedupReport(results));
  const stream = held[0]!.events.map((event) => JSON.stringify(event));
  writeOutput(argv, "bench/data/dedup-stream.jsonl", `${stream.join("\n")}\n`);

  printScores(
    `OUTSIDE-written paraphrase stream (${outside.events.length} events; totals only)`,
    results.outside.layers,
  );
  printScores(`BLIND paraphrase stream (${blind.events.length} events; totals only)`, results.blind.layers);
  printScores(`dev paraphrase stream (${dev.events.length} events, tuned on)`, results.dev.layers);
  if (verbose)
    for (const { event, verdict } of dev.mistakes) console.log(`dev${describeMistake(event, verdict)}`);
  printScores(`tuning seeds ${tuningSeeds.join(", ")} pooled (${tuningEvents} events)`, poolRuns(tuningRuns));
  // Only the tuning seeds' mistakes are shown: looking at held-out mistakes would be tuning on them.
  if (verbose)
    for (const run of tuningRuns)
      for (const { event, verdict } of run.mistakes)
        console.log(`${run.seed}${describeMistake(event, verdict)}`);
  printScores(`held-out seeds ${reportingSeeds.join(", ")} pooled (${heldEvents} events)`, pooled);
  // Throughput is printed, not stored: the committed results change only when the outcome does.
  console.log(`throughput: ${Math.round(heldEvents / (heldMs / 1000))} events/s in one Node process`);
  const met = (ok: boolean) => (ok ? "met" : "NOT met");
  console.log(
    `goal (precision ≥ ${goal.precision}, recall ≥ ${goal.recall} on every layer): outside ${met(results.outsideMeetsGoal)}, blind ${met(results.blindMeetsGoal)}, generated held-out ${met(results.meetsGoal)}`,
  );
  console.log(`wrote bench/results/dedup${suffix}.{json,md}, bench/data/dedup-stream.jsonl`);
}

await main(process.argv.slice(2));
