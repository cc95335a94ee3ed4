/**
 * Where a benchmark writes what it produces. By default into the repository (bench/results/…,
 * bench/data/…); with `--out DIR`, into DIR under the same relative path, so `npm run bench:check`
 * can regenerate everything into a scratch directory and compare it with what is committed.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

export const repositoryRoot = path.join(import.meta.dirname, "..");

/** The absolute path to write `relative` (a path from the repository root) to, for these arguments. */
export function outputPath(argv: readonly string[], relative: string): string {
  const index = argv.indexOf("--out");
  if (index >= 0 && !argv[index + 1]) throw new Error("--out needs a directory");
  const base = index >= 0 ? path.resolve(argv[index + 1] as string) : repositoryRoot;
  const target = path.join(base, relative);
  mkdirSync(path.dirname(target), { recursive: true });
  return target;
}

/** Writes `relative` (from the repository root) for these arguments. */
export function writeOutput(argv: readonly string[], relative: string, text: string): void {
  writeFileSync(outputPath(argv, relative), text);
}
