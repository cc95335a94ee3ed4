/**
 * What the difficulty model was fitted on, recorded by the trainer in its own artifact, and the
 * benchmark's check of it. The benchmark never takes a split's blindness on trust: it recomputes
 * the ids of every part the model says it was fitted on, refuses to run if they no longer match
 * (the data or the split rule changed after training), and calls a split blind only if none of its
 * ids and none of its texts are in what the model saw.
 */
import { extractFeatures } from "../kernel/routing/features";
import { FRESH_SETS, idHash, isHeldOut, type LabelledLine, MAIN_SET, readLabelledSet } from "./routing-data";

/** A part of a labelled file: all of it, or one side of the main set's hash split. */
export type SplitPart = "all" | "dev" | "held-out";

export interface FittedPart {
  file: string;
  part: SplitPart;
  /** What the part was used for: the weights and penalty, and/or the `raiseAt` calibration. */
  usedFor: ReadonlyArray<"weights" | "raiseAt">;
  tasks: number;
  /** FNV-1a over the part's sorted task ids, joined by newlines, in hex. */
  idsDigest: string;
}

/** Ids of one part of a labelled file, by the split rule in routing-data.ts. */
export function partIds(file: string, part: SplitPart): string[] {
  return readLabelledSet(file)
    .map((task) => task.id)
    .filter((id) => part === "all" || (part === "held-out") === isHeldOut(id));
}

export function digestIds(ids: readonly string[]): string {
  return idHash([...ids].sort().join("\n"))
    .toString(16)
    .padStart(8, "0");
}

export function fittedPart(file: string, part: SplitPart, usedFor: FittedPart["usedFor"]): FittedPart {
  const ids = partIds(file, part);
  return { file, part, usedFor, tasks: ids.length, idsDigest: digestIds(ids) };
}

/**
 * The model is only ever asked about requests the rules send to a model, so it learns only from
 * those: a request a deterministic handler answers ("ping", "list my tasks") is never shown to it,
 * and the same words in a test split are not a leak.
 */
export function reachesModel(task: LabelledLine): boolean {
  return !extractFeatures(task).handler;
}

function normalizedText(text: string): string {
  return text.toLowerCase().replace(/\s+/g, " ").trim();
}

export interface ModelExposure {
  /** True if the model was fitted or calibrated on any task of this part (by id or by text). */
  saw(file: string, part: SplitPart): boolean;
}

/**
 * Checks the model's record against the data as it is now and returns what it saw. Throws if the
 * model has no record, or if a recorded part's ids differ from the part's ids today: then the
 * record cannot be trusted and the model must be retrained (`npm run train:routing`).
 */
export function modelExposure(fittedOn: readonly FittedPart[] | undefined): ModelExposure {
  if (!fittedOn || fittedOn.length === 0)
    throw new Error(
      "the difficulty model does not record what it was fitted on; retrain it with `npm run train:routing`",
    );
  const seenIds = new Set<string>();
  const seenTexts = new Set<string>();
  for (const entry of fittedOn) {
    const ids = partIds(entry.file, entry.part);
    const digest = digestIds(ids);
    if (digest !== entry.idsDigest || ids.length !== entry.tasks)
      throw new Error(
        `the difficulty model was fitted on ${entry.file} (${entry.part}: ${entry.tasks} tasks, ids ${entry.idsDigest}) but that part is now ${ids.length} tasks, ids ${digest}; retrain with \`npm run train:routing\``,
      );
    const wanted = new Set(ids);
    for (const task of readLabelledSet(entry.file)) {
      if (!wanted.has(task.id)) continue;
      seenIds.add(`${entry.file}#${task.id}`);
      if (reachesModel(task)) seenTexts.add(normalizedText(task.text));
    }
  }
  return {
    saw(file, part) {
      const ids = new Set(partIds(file, part));
      return readLabelledSet(file).some(
        (task) =>
          ids.has(task.id) &&
          (seenIds.has(`${file}#${task.id}`) ||
            (reachesModel(task) && seenTexts.has(normalizedText(task.text)))),
      );
    },
  };
}

/**
 * What a reported split is: `blind` only if neither the model nor anyone changing the router has
 * seen it; `seen` if its results were looked at before a router change (or, for the held-out
 * split, printed while the cues were tuned) but nothing was fitted on it; `tuned on` otherwise.
 */
export type SplitStatus =
  | { kind: "blind" }
  | { kind: "seen"; why: string }
  | { kind: "tuned on"; why: string };

/** The main set's held-out split: the model is not fitted on it, but its totals were printed on every run while the cues were tuned on the dev split. */
const HELD_OUT_SEEN = "its totals were printed on every run while the cues were tuned on the dev split";

/**
 * What the router does, as one number: a digest of the tier it gives every labelled task of every
 * set. A change that moves any decision moves it; a refactor or a comment does not. A blind set
 * records the fingerprint of its first run (`firstRunRouter`); once the router's fingerprint
 * differs, the set's result was seen before a router change and it is reported as seen.
 */
export function routerFingerprint(decisions: Iterable<{ file: string; id: string; tier: number }>): string {
  return digestIds([...decisions].map((decision) => `${decision.file}#${decision.id}:${decision.tier}`));
}

export function splitStatus(
  exposure: ModelExposure,
  file: string,
  part: SplitPart,
  router: string,
): SplitStatus {
  if (exposure.saw(file, part)) return { kind: "tuned on", why: "the difficulty model was fitted on it" };
  if (file === MAIN_SET) {
    if (part === "held-out") return { kind: "seen", why: HELD_OUT_SEEN };
    return { kind: "tuned on", why: "the cues were tuned on its dev split" };
  }
  const set = FRESH_SETS.find((candidate) => candidate.file === file);
  if (!set) throw new Error(`${file} is not a registered routing set (bench/routing-data.ts)`);
  if (set.tunedOn) return { kind: "tuned on", why: `the cues were tuned on it in ${set.tunedOn}` };
  if (set.seenBefore.length > 0)
    return { kind: "seen", why: `its results were seen before router changes ${set.seenBefore.join(", ")}` };
  if (set.firstRunRouter !== undefined && set.firstRunRouter !== router)
    return {
      kind: "seen",
      why: `the router's decisions changed since its first run (router ${set.firstRunRouter}, now ${router}); name the change in seenBefore`,
    };
  return { kind: "blind" };
}

export function statusLabel(status: SplitStatus): string {
  return status.kind === "blind" ? "blind" : `${status.kind}: ${status.why}`;
}

/** Blind rows first, then seen, then tuned on; the order within a kind is kept. */
export function blindFirst<T extends { status: SplitStatus }>(rows: readonly T[]): T[] {
  const rank = { blind: 0, seen: 1, "tuned on": 2 } as const;
  return [...rows].sort((a, b) => rank[a.status.kind] - rank[b.status.kind]);
}
