/**
 * The routing benchmark's blindness check (bench/routing-blindness.ts): the shipped difficulty
 * model's record of what it was fitted on must match the data, must leave out the held-out split
 * and every set not yet studied, and the check must refuse a record that no longer matches.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  blindFirst,
  type FittedPart,
  fittedPart,
  modelExposure,
  partIds,
  routerFingerprint,
  splitStatus,
} from "../../../bench/routing-blindness";
import { FRESH_SETS, isHeldOut, MAIN_SET, root } from "../../../bench/routing-data";

const shipped = (
  JSON.parse(readFileSync(path.join(root, "kernel/routing/difficulty-model.json"), "utf8")) as {
    fittedOn: FittedPart[];
  }
).fittedOn;

describe("the shipped difficulty model's record", () => {
  const exposure = modelExposure(shipped);

  it("matches the data as it is now", () => {
    for (const entry of shipped) expect(fittedPart(entry.file, entry.part, entry.usedFor)).toEqual(entry);
  });

  it("was never fitted on the main set's held-out split or on a set nobody studied", () => {
    expect(exposure.saw(MAIN_SET, "held-out")).toBe(false);
    expect(exposure.saw(MAIN_SET, "dev")).toBe(true);
    for (const set of FRESH_SETS) expect(exposure.saw(set.file, "all")).toBe(set.tunedOn !== null);
  });

  it("labels a set blind only when it was neither studied nor seen before a router change", () => {
    for (const set of FRESH_SETS) {
      const kind = splitStatus(exposure, set.file, "all", set.firstRunRouter ?? "unchanged").kind;
      expect(kind).toBe(set.tunedOn ? "tuned on" : set.seenBefore.length > 0 ? "seen" : "blind");
    }
    expect(splitStatus(exposure, MAIN_SET, "held-out", "unchanged").kind).toBe("seen");
    expect(splitStatus(exposure, MAIN_SET, "dev", "unchanged").kind).toBe("tuned on");
  });

  it("calls a blind set seen as soon as the router's decisions differ from its first run", () => {
    const blind = FRESH_SETS.filter((set) => set.firstRunRouter !== undefined && !set.tunedOn);
    expect(blind.length).toBeGreaterThan(0);
    for (const set of blind) {
      expect(splitStatus(exposure, set.file, "all", set.firstRunRouter as string).kind).toBe("blind");
      expect(splitStatus(exposure, set.file, "all", "0badc0de")).toEqual({
        kind: "seen",
        why: expect.stringContaining("decisions changed since its first run"),
      });
    }
  });

  it("fingerprints the router by its decisions, not by their order", () => {
    const a = { file: "f", id: "x", tier: 1 };
    const b = { file: "f", id: "y", tier: 2 };
    expect(routerFingerprint([a, b])).toBe(routerFingerprint([b, a]));
    expect(routerFingerprint([a, b])).not.toBe(routerFingerprint([a, { ...b, tier: 3 }]));
  });
});

describe("the blindness check", () => {
  const heldOutEntry = fittedPart(MAIN_SET, "held-out", ["weights"]);

  it("calls a split tuned-on when the model's record says it was fitted on it", () => {
    const exposure = modelExposure([...shipped, heldOutEntry]);
    expect(exposure.saw(MAIN_SET, "held-out")).toBe(true);
    expect(splitStatus(exposure, MAIN_SET, "held-out", "unchanged").kind).toBe("tuned on");
  });

  it("refuses a record whose ids no longer match the data", () => {
    const stale = { ...heldOutEntry, idsDigest: "00000000" };
    expect(() => modelExposure([stale])).toThrow(/retrain/);
    expect(() => modelExposure([{ ...heldOutEntry, tasks: heldOutEntry.tasks + 1 }])).toThrow(/retrain/);
  });

  it("refuses a model with no record at all", () => {
    expect(() => modelExposure(undefined)).toThrow(/does not record/);
    expect(() => modelExposure([])).toThrow(/does not record/);
  });

  it("keeps the split rule: held-out and dev are disjoint and cover the main set", () => {
    const dev = partIds(MAIN_SET, "dev");
    const heldOut = partIds(MAIN_SET, "held-out");
    expect(heldOut.every(isHeldOut)).toBe(true);
    expect(dev.some(isHeldOut)).toBe(false);
    expect(dev.length + heldOut.length).toBe(partIds(MAIN_SET, "all").length);
  });

  it("orders blind rows first, then seen, then tuned on", () => {
    const rows = [
      { id: "a", status: { kind: "tuned on", why: "x" } },
      { id: "b", status: { kind: "seen", why: "y" } },
      { id: "c", status: { kind: "blind" } },
    ] as const;
    expect(blindFirst(rows).map((row) => row.id)).toEqual(["c", "b", "a"]);
  });
});
