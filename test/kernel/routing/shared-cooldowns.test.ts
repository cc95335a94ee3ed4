import { describe, expect, it } from "vitest";
import {
  applyCooldownChanges,
  CooldownTracker,
  cooldownChanges,
  mergeCooldowns,
} from "../../../kernel/routing/cooldowns";

const clockAt = (ms: number) => ({ now: () => ms });

describe("cooldowns shared between threads", () => {
  it("a thread's 429 becomes a change the tenant's other threads apply", () => {
    const tracker = new CooldownTracker(clockAt(1_000), undefined, {});
    const before = tracker.snapshot();
    tracker.recordFailure("openai", 30);
    const changes = cooldownChanges(before, tracker.snapshot());
    expect(changes).toEqual({
      failed: { openai: { untilMs: 31_000, consecutiveFailures: 1 } },
      recovered: [],
    });

    const shared = applyCooldownChanges({}, changes, 1_000);
    const otherThread = new CooldownTracker(clockAt(2_000), undefined, shared);
    expect(otherThread.remainingMs("openai")).toBe(29_000);
  });

  it("never shortens a cooldown another thread set", () => {
    const shared = { openai: { untilMs: 60_000, consecutiveFailures: 1 } };
    const next = applyCooldownChanges(
      shared,
      { failed: { openai: { untilMs: 10_000, consecutiveFailures: 1 } }, recovered: [] },
      5_000,
    );
    expect(next.openai?.untilMs).toBe(60_000);
  });

  it("a success clears an ended cooldown but not a newer Retry-After from another thread", () => {
    const ended = { anthropic: { untilMs: 4_000, consecutiveFailures: 2 } };
    expect(applyCooldownChanges(ended, { failed: {}, recovered: ["anthropic"] }, 5_000)).toEqual({});
    const active = { anthropic: { untilMs: 90_000, consecutiveFailures: 1 } };
    expect(applyCooldownChanges(active, { failed: {}, recovered: ["anthropic"] }, 5_000)).toEqual(active);
  });

  it("reports a recovered provider and nothing for untouched ones", () => {
    const before = {
      openai: { untilMs: 1_000, consecutiveFailures: 1 },
      anthropic: { untilMs: 99_000, consecutiveFailures: 1 },
    };
    const tracker = new CooldownTracker(clockAt(2_000), undefined, before);
    tracker.recordSuccess("openai");
    expect(cooldownChanges(before, tracker.snapshot())).toEqual({ failed: {}, recovered: ["openai"] });
  });

  it("merging two views keeps the later end of each cooldown", () => {
    expect(
      mergeCooldowns(
        { a: { untilMs: 10, consecutiveFailures: 1 }, b: { untilMs: 50, consecutiveFailures: 3 } },
        { a: { untilMs: 20, consecutiveFailures: 2 }, b: { untilMs: 40, consecutiveFailures: 1 } },
      ),
    ).toEqual({ a: { untilMs: 20, consecutiveFailures: 2 }, b: { untilMs: 50, consecutiveFailures: 3 } });
  });
});
