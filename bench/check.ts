/**
 * `npm run bench:check`: reruns every deterministic benchmark into a scratch directory and fails
 * if anything committed differs from what the code produces now, naming the file and the first
 * differing line. `npm run bench:check -- --write` regenerates the committed files instead (after
 * a change to the kernel, or after a merge); `--only routing,dedup` limits the run.
 *
 * Covered: every file the benchmarks below write, and every file under bench/results/ must be
 * either written by one of them or listed in TIMED_RESULTS (latency and throughput runs, which
 * cannot reproduce and are reported as every run's median and worst instead).
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { firstDifference } from "./compare-text";
import { repositoryRoot } from "./output";

interface Benchmark {
  name: string;
  script: string;
  args: string[];
}

/**
 * In order: the difficulty model is trained before the routing benchmark reads it, so a stale
 * model is reported as the model file, not as a hundred changed routing numbers.
 */
export const BENCHMARKS: readonly Benchmark[] = [
  { name: "train:routing", script: "bench/routing-train.ts", args: [] },
  { name: "routing", script: "bench/routing.ts", args: [] },
  { name: "dedup", script: "bench/dedup.ts", args: [] },
  { name: "dedup-lexical", script: "bench/dedup.ts", args: ["--lexical"] },
  { name: "context", script: "bench/context.ts", args: [] },
  { name: "policy", script: "bench/policy.ts", args: ["--agreement-only"] },
  { name: "injection", script: "bench/injection.ts", args: [] },
];

/** Results of timed runs: committed as measured, never compared. */
export const TIMED_RESULTS: readonly string[] = [
  "embeddings.json",
  "embeddings.md",
  "policy.json",
  "policy.md",
  // Accuracy and speed in one report: its speed rows are measured, not reproducible.
  "privacy.json",
  "privacy.md",
  // The first blind run of the privacy bench, frozen as it was (its later runs are privacy.*).
  "privacy-first-blind-run.json",
  // The first run of the dedup bench on the stream written outside the project, frozen as it was.
  "dedup-outside-first-run.json",
  // Read public conversations from ../shared/data, which a clone need not have, and time turns.
  "context-eval.md",
  "token-estimates.md",
  "webhooks.json",
  "webhooks.md",
  "webhooks-floor.json",
  "webhooks-floor.md",
  "webhooks-gateway-only.json",
  "webhooks-gateway-only.md",
  "webhooks-runs.jsonl",
];

function filesUnder(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? filesUnder(path.join(dir, entry.name), path.join(prefix, entry.name))
      : [path.join(prefix, entry.name)],
  );
}

const clip = (text: string | undefined) =>
  text === undefined ? "(no line)" : text.length > 160 ? `${text.slice(0, 160)}…` : text;

function main(argv: string[]): number {
  if (argv.includes("--help")) {
    console.log(
      "usage: npm run bench:check [-- --write] [-- --only name,name]\n" +
        `  reruns ${BENCHMARKS.map((b) => b.name).join(", ")} and compares their output with the committed files\n` +
        "  --write   regenerate the committed files instead of comparing\n" +
        "  --only    run only the named benchmarks",
    );
    return 0;
  }
  const write = argv.includes("--write");
  const onlyIndex = argv.indexOf("--only");
  const only = onlyIndex >= 0 ? (argv[onlyIndex + 1] ?? "").split(",").filter(Boolean) : null;
  const unknown = (only ?? []).filter((name) => !BENCHMARKS.some((b) => b.name === name));
  if (unknown.length > 0) {
    console.error(
      `unknown benchmark(s): ${unknown.join(", ")}; known: ${BENCHMARKS.map((b) => b.name).join(", ")}`,
    );
    return 2;
  }
  const selected = BENCHMARKS.filter((b) => !only || only.includes(b.name));
  const scratch = mkdtempSync(path.join(tmpdir(), "bench-check-"));
  const started = Date.now();
  const problems: string[] = [];
  const produced = new Set<string>();
  try {
    for (const benchmark of selected) {
      const out = path.join(scratch, benchmark.name.replace(":", "-"));
      mkdirSync(out, { recursive: true });
      const t0 = Date.now();
      try {
        execFileSync(
          process.execPath,
          ["--import", "tsx", benchmark.script, ...benchmark.args, "--out", out],
          { cwd: repositoryRoot, stdio: ["ignore", "ignore", "pipe"] },
        );
      } catch (error) {
        const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim() ?? String(error);
        problems.push(`${benchmark.name}: the benchmark failed\n${stderr}`);
        continue;
      }
      for (const relative of filesUnder(out)) {
        produced.add(relative);
        const target = path.join(repositoryRoot, relative);
        const text = readFileSync(path.join(out, relative), "utf8");
        if (write) {
          mkdirSync(path.dirname(target), { recursive: true });
          copyFileSync(path.join(out, relative), target);
          continue;
        }
        if (!existsSync(target)) {
          problems.push(`${relative}: produced by ${benchmark.name} but not committed`);
          continue;
        }
        const difference = firstDifference(readFileSync(target, "utf8"), text);
        if (difference)
          problems.push(
            `${relative}:${difference.line}: differs from what ${benchmark.name} produces now (${difference.removed} line(s) gone, ${difference.added} new)\n` +
              `  committed: ${clip(difference.committed)}\n  produced:  ${clip(difference.produced)}`,
          );
      }
      console.log(`${benchmark.name}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    if (!only) {
      const resultsDir = path.join(repositoryRoot, "bench/results");
      for (const file of filesUnder(resultsDir)) {
        const relative = path.join("bench/results", file);
        if (!produced.has(relative) && !TIMED_RESULTS.includes(file))
          problems.push(
            `${relative}: no benchmark in bench/check.ts produces it and it is not listed as timed`,
          );
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (write) {
    console.log(`bench:check --write: regenerated ${produced.size} file(s) in ${seconds} s`);
    if (problems.length === 0) return 0;
    console.error(problems.join("\n"));
    return 1;
  }
  if (problems.length > 0) {
    console.error(problems.join("\n"));
    console.error(
      `bench:check: ${problems.length} problem(s) in ${seconds} s. If the change is intended, run \`npm run bench:check -- --write\` and commit the results.`,
    );
    return 1;
  }
  console.log(`bench:check: ${produced.size} file(s) match what the code produces (${seconds} s)`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
