/**
 * The labelled routing sets, read the same way by the benchmark (bench/routing.ts) and by the
 * difficulty model's trainer (bench/routing-train.ts).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseTaskLines, type TaskLine } from "../kernel/routing/task-lines";
import { isTier, type Tier } from "../kernel/routing/types";

export const root = path.join(import.meta.dirname, "..");
export const MAIN_SET = "bench/data/routing-tasks.jsonl";
/**
 * Sets written and labelled before the router first routed them, each committed before its first
 * run. A set's first result is its blind result. A set studied since to change the router is
 * tuning data (`tunedOn`). A set whose results were looked at before a later router change
 * (`seenBefore`, the commits of those changes) is no longer blind either, even if nobody studied
 * its tasks: the change was made by someone who knew its totals. Only a set with neither is
 * reported as blind, and the benchmark also checks the difficulty model's own record
 * (bench/routing-blindness.ts). Only totals are reported, never their tasks.
 */
export const FRESH_SETS: readonly FreshSet[] = [
  { name: "fresh set 1", file: "bench/data/routing-tasks-fresh.jsonl", tunedOn: "bf8fd04", seenBefore: [] },
  { name: "fresh set 2", file: "bench/data/routing-tasks-fresh-2.jsonl", tunedOn: "e5bd5b2", seenBefore: [] },
  { name: "fresh set 3", file: "bench/data/routing-tasks-fresh-3.jsonl", tunedOn: "65bfb75", seenBefore: [] },
  { name: "fresh set 4", file: "bench/data/routing-tasks-fresh-4.jsonl", tunedOn: "cc65825", seenBefore: [] },
  // Written by helpers who never saw the router, after the difficulty model was first trained.
  { name: "fresh set 5", file: "bench/data/routing-tasks-fresh-5.jsonl", tunedOn: "cc65825", seenBefore: [] },
  // First run against cc65825 (0e8692c); the T0 phrasings (a5339b2), the reminder handler
  // (cbeddf0) and the retrained model (ffee257) came after its totals were printed.
  {
    name: "fresh set 6",
    file: "bench/data/routing-tasks-fresh-6.jsonl",
    tunedOn: null,
    seenBefore: ["a5339b2", "cbeddf0", "ffee257"],
  },
  // Written while sets 4 and 5 were studied; first run at 78783f7, before cbeddf0 and the retrain (ffee257).
  {
    name: "fresh set 7",
    file: "bench/data/routing-tasks-fresh-7.jsonl",
    tunedOn: null,
    seenBefore: ["cbeddf0", "ffee257"],
  },
  {
    name: "fresh set 8",
    file: "bench/data/routing-tasks-fresh-8.jsonl",
    tunedOn: null,
    seenBefore: ["cbeddf0", "ffee257"],
  },
  // Written on 2026-12-07 by an engineer who had read the bench code and the rubric but not the
  // cues, committed (186de61) before any run and before the model was retrained without the
  // held-out split: the blind test of that retrain. When the router's decisions change, the
  // benchmark reports it as seen by itself (firstRunRouter); name the change in seenBefore.
  {
    name: "fresh set 9",
    file: "bench/data/routing-tasks-fresh-9.jsonl",
    tunedOn: null,
    seenBefore: [],
    // First run at eacd6e1, on the router retrained in ffee257.
    firstRunRouter: "02e1a5cd",
  },
];

export interface FreshSet {
  name: string;
  file: string;
  /** The commit that changed the router after studying this set's tasks, or null. */
  tunedOn: string | null;
  /** Router changes made after this set's results had been seen. */
  seenBefore: readonly string[];
  /**
   * The router's fingerprint (bench/routing-blindness.ts) at this set's first run, recorded after
   * that run; while the router's decisions stay the same the set stays blind, and the benchmark
   * reports it as seen as soon as they change.
   */
  firstRunRouter?: string;
}

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
 * 30% of the main set, chosen by a hash of the task id so the split never changes. Its tasks are
 * never printed and the difficulty model is never fitted on it (the trainer skips it, and the
 * benchmark checks the model's record); its totals were printed on every run while the cues were
 * tuned, so it is reported as "seen", not blind.
 */
export function isHeldOut(id: string): boolean {
  return idHash(id) % 10 < 3;
}
