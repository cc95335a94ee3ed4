/**
 * `npm run bench:embeddings`: what the offline word-vector embedding costs — the size of its
 * module raw, gzipped and bundled (Cloudflare counts a Worker's gzipped bundle against 3 MB on
 * the free plan and 10 MB on paid), the time to evaluate the module and to decode the vectors
 * (once per isolate, on first use), vectors per CPU-second, and the memory the decoded table
 * holds. Texts: the task and message texts of the generated dedup stream (seed 1) and the
 * routing training tasks. Writes bench/results/embeddings.{json,md}.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { generateDedupStream } from "./data/dedup-generator";

const root = path.join(import.meta.dirname, "..");
const modulePath = path.join(root, "providers/embeddings/word-vectors/vectors.generated.ts");

async function bundle(entry: string) {
  const result = await build({
    entryPoints: [path.join(root, entry)],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.contents;
}

async function bundledSize(entry: string) {
  const code = await bundle(entry);
  return { bytes: code.length, gzipBytes: gzipSync(code).length };
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

/**
 * Cold costs as a Worker pays them: the bundled, minified JavaScript (not TypeScript through a
 * loader) is imported fresh, then embeds one text, which decodes the table. CPU time, so other
 * work on the shared machine does not count.
 */
async function coldCosts() {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "cairn-embeddings-")), "offline.mjs");
  writeFileSync(file, await bundle("providers/embeddings/offline-word-vectors.ts"));
  const memoryBefore = process.memoryUsage();
  let since = process.cpuUsage();
  const module = (await import(pathToFileURL(file).href)) as {
    createOfflineWordVectorEmbedding: typeof import("../providers/embeddings/offline-word-vectors").createOfflineWordVectorEmbedding;
  };
  const evaluationCpuMs = cpuMs(since);
  since = process.cpuUsage();
  await module.createOfflineWordVectorEmbedding().embed(["first call"]);
  const decodeCpuMs = cpuMs(since);
  const memoryAfter = process.memoryUsage();
  return {
    evaluationCpuMs,
    decodeCpuMs,
    growth:
      memoryAfter.heapUsed + memoryAfter.arrayBuffers - memoryBefore.heapUsed - memoryBefore.arrayBuffers,
  };
}

function texts(): string[] {
  const fromDedup = generateDedupStream(1)
    .filter((event) => event.layer === "task" || event.layer === "channel")
    .map((event) => event.text);
  const routing = readFileSync(path.join(root, "bench/data/routing-tasks.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => String((JSON.parse(line) as { text?: string }).text ?? ""));
  return [...fromDedup, ...routing].filter((text) => text.length > 0);
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

async function main() {
  const cold = await coldCosts();
  const provider = await import("../providers/embeddings/offline-word-vectors");
  const table = await import("../providers/embeddings/word-vectors/word-vector-table");
  const decoded = table.wordVectorTable();

  const embedder = provider.createOfflineWordVectorEmbedding();
  const corpus = texts();
  await embedder.embed(corpus.slice(0, 50)); // a live isolate has a warm JIT and lookup cache
  const cpuStart = process.cpuUsage();
  const rounds = 5;
  for (let i = 0; i < rounds; i++) await embedder.embed(corpus);
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const words =
    corpus.reduce((sum, text) => sum + (text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0), 0) / corpus.length;

  const results = {
    benchmark: "embeddings",
    generatedBy: "npm run bench:embeddings",
    provider: embedder.id,
    dimension: embedder.dimension,
    vocabulary: decoded.size,
    module: { bytes: statSync(modulePath).size, gzipBytes: gzipSync(readFileSync(modulePath)).length },
    bundle: {
      offlineEmbedding: await bundledSize("providers/embeddings/offline-word-vectors.ts"),
      selection: await bundledSize("providers/embeddings/select.ts"),
    },
    moduleEvaluationCpuMs: Number(cold.evaluationCpuMs.toFixed(1)),
    decodeCpuMs: Number(cold.decodeCpuMs.toFixed(1)),
    decodedTableBytes: decoded.size * decoded.dimension * 4,
    heapAndBuffersGrowthBytes: cold.growth,
    throughput: {
      texts: corpus.length * rounds,
      meanWordsPerText: Number(words.toFixed(1)),
      cpuSeconds: Number(cpuSeconds.toFixed(3)),
      vectorsPerCpuSecond: Math.round((corpus.length * rounds) / cpuSeconds),
    },
    node: process.version,
  };
  const md = [
    "# Offline embedding cost",
    "",
    "Generated by `npm run bench:embeddings` (bench/embeddings.ts); do not edit by hand.",
    "",
    `Provider \`${results.provider}\`: ${results.vocabulary.toLocaleString("en-GB")} words, ${results.dimension} dimensions at 4 bits; Node ${results.node} on a shared 2-core machine.`,
    "",
    "| measure | value |",
    "|---|---:|",
    `| generated module (vectors.generated.ts) | ${mb(results.module.bytes)} raw, ${mb(results.module.gzipBytes)} gzipped |`,
    `| offline embedding bundled, minified | ${mb(results.bundle.offlineEmbedding.bytes)}, ${mb(results.bundle.offlineEmbedding.gzipBytes)} gzipped |`,
    `| all embedding providers and their selection (select.ts) | ${mb(results.bundle.selection.bytes)}, ${mb(results.bundle.selection.gzipBytes)} gzipped |`,
    `| evaluating the bundled module (import), CPU | ${results.moduleEvaluationCpuMs} ms |`,
    `| decoding the table (first embed call in an isolate), CPU | ${results.decodeCpuMs} ms |`,
    `| decoded table (Float32) | ${mb(results.decodedTableBytes)} |`,
    `| heap + array buffers growth after decode | ${mb(results.heapAndBuffersGrowthBytes)} |`,
    `| throughput | ${results.throughput.vectorsPerCpuSecond.toLocaleString("en-GB")} vectors per CPU-second (${results.throughput.texts} texts, ${results.throughput.meanWordsPerText} words each on average) |`,
    "",
    "The table is decoded on the first `embed` call, not at Worker start-up: start-up pays only the module",
    "evaluation (string constants). Limits and the choice: docs/decisions/embedding-offline-word-vectors.md.",
    "",
  ].join("\n");
  writeFileSync(path.join(root, "bench/results/embeddings.json"), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(path.join(root, "bench/results/embeddings.md"), md);
  console.log(md);
}

await main();
