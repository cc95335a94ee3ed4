import { describe, expect, it } from "vitest";
import { cycleIdFor, decideCycle, latestSlotAtOrBefore, nextRunAt } from "../../../kernel/agents/schedule";

const at = (iso: string) => new Date(iso);
const weekdaysAtEight = { cron: "0 8 * * 1-5" };
// 2026-11-23 is a Monday.

describe("nextRunAt", () => {
  it("anchors intervals to the clock, strictly after the given time", () => {
    expect(nextRunAt({ every: "15m" }, at("2026-11-23T08:07:00Z"))).toEqual(at("2026-11-23T08:15:00Z"));
    expect(nextRunAt({ every: "15m" }, at("2026-11-23T08:15:00Z"))).toEqual(at("2026-11-23T08:30:00Z"));
  });

  it("follows cron expressions, skipping the weekend", () => {
    expect(nextRunAt(weekdaysAtEight, at("2026-11-23T08:00:00Z"))).toEqual(at("2026-11-24T08:00:00Z"));
    expect(nextRunAt(weekdaysAtEight, at("2026-11-27T09:00:00Z"))).toEqual(at("2026-11-30T08:00:00Z"));
  });

  it("reads a cron in its timezone", () => {
    // New York is UTC-5 in late November.
    const newYork = { cron: "0 8 * * *", timezone: "America/New_York" };
    expect(nextRunAt(newYork, at("2026-11-23T12:00:00Z"))).toEqual(at("2026-11-23T13:00:00Z"));
  });
});

describe("latestSlotAtOrBefore", () => {
  it("includes a slot exactly at the reference time", () => {
    expect(latestSlotAtOrBefore(weekdaysAtEight, at("2026-11-25T08:00:00Z"))).toEqual(
      at("2026-11-25T08:00:00Z"),
    );
    expect(latestSlotAtOrBefore(weekdaysAtEight, at("2026-11-25T08:00:00.001Z"))).toEqual(
      at("2026-11-25T08:00:00Z"),
    );
    expect(latestSlotAtOrBefore({ every: "1h" }, at("2026-11-25T08:59:59Z"))).toEqual(
      at("2026-11-25T08:00:00Z"),
    );
  });
});

describe("decideCycle (the missed-cycle rule)", () => {
  const scope = "tenant-a/finance";

  it("runs nothing when the latest slot has already run, and says when to wake", () => {
    const decision = decideCycle(
      { every: "15m" },
      at("2026-11-23T08:15:00Z"),
      at("2026-11-23T08:20:00Z"),
      scope,
    );
    expect(decision.due).toBeUndefined();
    expect(decision.nextAt).toEqual(at("2026-11-23T08:30:00Z"));
  });

  it("runs exactly the latest slot after a long gap, coalescing the ones in between", () => {
    const decision = decideCycle(
      { every: "15m" },
      at("2026-11-23T08:00:00Z"),
      at("2026-11-23T09:10:00Z"),
      scope,
    );
    expect(decision.due).toEqual({
      cycleId: "tenant-a/finance@2026-11-23T09:00:00.000Z",
      slot: at("2026-11-23T09:00:00Z"),
      coalescedSlots: 3,
    });
  });

  it("never skips: a slot that passed while the object was evicted is still due on wake", () => {
    const decision = decideCycle(
      weekdaysAtEight,
      at("2026-11-24T08:00:00Z"),
      at("2026-11-25T17:30:00Z"),
      scope,
    );
    expect(decision.due?.cycleId).toBe("tenant-a/finance@2026-11-25T08:00:00.000Z");
    expect(decision.due?.coalescedSlots).toBe(0);
  });

  it("coalesces a weekend of cron slots into one cycle", () => {
    const decision = decideCycle(
      weekdaysAtEight,
      at("2026-11-25T08:00:00Z"),
      at("2026-11-30T08:05:00Z"),
      scope,
    );
    expect(decision.due?.slot).toEqual(at("2026-11-30T08:00:00Z"));
    expect(decision.due?.coalescedSlots).toBe(2);
  });

  it("gives the same cycle id on every retry of the same alarm", () => {
    const last = at("2026-11-23T08:00:00Z");
    const first = decideCycle({ every: "15m" }, last, at("2026-11-23T08:15:02Z"), scope);
    const retry = decideCycle({ every: "15m" }, last, at("2026-11-23T08:29:59Z"), scope);
    expect(retry.due?.cycleId).toBe(first.due?.cycleId);
  });

  it("after running a cycle, the same wake-up finds nothing more due", () => {
    const now = at("2026-11-23T09:10:00Z");
    const first = decideCycle({ every: "15m" }, at("2026-11-23T06:00:00Z"), now, scope);
    expect(first.due).toBeDefined();
    expect(decideCycle({ every: "15m" }, first.due!.slot, now, scope).due).toBeUndefined();
  });

  it("runs a never-run agent once, for its latest slot", () => {
    const decision = decideCycle({ every: "30m" }, null, at("2026-11-23T08:44:00Z"), scope);
    expect(decision.due?.cycleId).toBe(cycleIdFor(scope, at("2026-11-23T08:30:00Z")));
    expect(decision.due?.coalescedSlots).toBe(0);
  });

  it("scopes cycle ids so two tenants' agents never share one", () => {
    const slot = at("2026-11-23T08:30:00Z");
    expect(cycleIdFor("tenant-a/finance", slot)).not.toBe(cycleIdFor("tenant-b/finance", slot));
  });
});
