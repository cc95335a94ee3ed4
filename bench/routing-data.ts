/**
 * The labelled routing sets, read the same way by the benchmark (bench/routing.ts) and by the
 * difficulty model's trainer (bench/routing-train.ts).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseTaskLines, type TaskLine } from "../kernel/routing/task-lines.js";
import { isTier, type Tier } from "../kernel/routing/types.js";

export const root = path.join(import.meta.dirname, "..");
export const MAIN_SET = "bench/data/routing-tasks.jsonl";
/**
 * Sets written and labelled on 2026-11-25, each committed before the router first routed it. A
 * set's first result is its blind result; a set studied since to change the router is tuning data
 * (`tunedOn`), and the next set, written after that change, is the blind test of it. Only totals
 * are reported, never their tasks, so the newest set stays blind for the next change too.
 */
export const FRESH_SETS = [
  { name: "fresh set 1", file: "bench/data/routing-tasks-fresh.jsonl", tunedOn: "bf8fd04" },
  { name: "fresh set 2", file: "bench/data/routing-tasks-fresh-2.jsonl", tunedOn: "e5bd5b2" },
  { name: "fresh set 3", file: "bench/data/routing-tasks-fresh-3.jsonl", tunedOn: "65bfb75" },
  { name: "fresh set 4", file: "bench/data/routing-tasks-fresh-4.jsonl", tunedOn: "cc65825" },
  // Written by helpers who never saw the router, after the difficulty model was first trained.
  { name: "fresh set 5", file: "bench/data/routing-tasks-fresh-5.jsonl", tunedOn: "cc65825" },
  { name: "fresh set 6", file: "bench/data/routing-tasks-fresh-6.jsonl", tunedOn: null },
  // Written while sets 4 and 5 were studied: the blind tests of that change (a5339b2).
  { name: "fresh set 7", file: "bench/data/routing-tasks-fresh-7.jsonl", tunedOn: null },
  { name: "fresh set 8", file: "bench/data/routing-tasks-fresh-8.jsonl", tunedOn: null },
] as const;

export interface LabelledLine extends TaskLine {
  label: Tier;
}

/** Reads a labelled set (a path relative to the repository); any bad line stops the run. */
export function readLabelledSet(file: string): LabelledLine[] {
  const { tasks, problems } = parseTaskLines(readFileSync(path.join(root, file), "utf8"));
  if (problems.length > 0)
    throw new Error(`bad benchmark data in ${file}:\n${problems.map((p) => p.message).join("\n")}`);
  return tasks.map((task) => {
    const label = task.annotations.label_tier;
    if (!isTier(label)) throw new Error(`${file} line ${task.line}: label_tier must be 0-4`);
    return { ...task, label };
  });
}

/** FNV-1a of a task id: a stable number that does not depend on the router or the labels. */
export function idHash(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/**
 * 30% of the main set, chosen by a hash of the task id so the split never changes; never printed
 * while tuning.
 */
export function isHeldOut(id: string): boolean {
  return idHash(id) % 10 < 3;
}
