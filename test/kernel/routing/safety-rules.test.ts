import { describe, expect, it } from "vitest";
import { nextTierAfterFailure } from "../../../kernel/routing/cascade";
import { CooldownTracker } from "../../../kernel/routing/cooldowns";
import { planForPersonalData } from "../../../kernel/routing/privacy";
import {
  checkModelCall,
  checkToolCall,
  DEFAULT_RUNAWAY_LIMITS,
  emptyCycleLedger,
  recordModelCall,
  recordToolCall,
} from "../../../kernel/routing/runaway";

describe("cascade", () => {
  const policy = { maxEscalations: 2 };

  it("climbs one tier per failure, at most N times", () => {
    expect(nextTierAfterFailure(1, 0, "schema_error", policy, { maxTier: 4 })).toMatchObject({ tier: 2 });
    expect(nextTierAfterFailure(2, 1, "tool_call_failed", policy, { maxTier: 4 })).toMatchObject({ tier: 3 });
    const stop = nextTierAfterFailure(3, 2, "self_check_failed", policy, { maxTier: 4 });
    expect(stop.tier).toBeNull();
    expect(stop.reason).toMatch(/already escalated 2 times/);
  });

  it("never climbs above the agent's maximum tier or the budget's", () => {
    expect(nextTierAfterFailure(2, 0, "schema_error", policy, { maxTier: 2 }).tier).toBeNull();
    const soft = { state: "soft" as const, maxTier: 2 as const, headroomMicros: 10, reason: "near cap" };
    expect(nextTierAfterFailure(2, 0, "schema_error", policy, { maxTier: 4 }, soft).tier).toBeNull();
  });

  it("lets a deterministic handler that cannot answer hand over to T1", () => {
    expect(nextTierAfterFailure(0, 0, "handler_declined", policy, { maxTier: 3 }).tier).toBe(1);
  });
});

describe("runaway protection", () => {
  const limits = {
    ...DEFAULT_RUNAWAY_LIMITS,
    maxIdenticalPrompts: 2,
    maxModelCallsPerCycle: 5,
    maxCostPerCycleMicros: 100_000,
  };

  it("stops the same prompt repeated, even when only the time in it changes", () => {
    let ledger = emptyCycleLedger();
    ledger = recordModelCall(ledger, "Health check at 2026-11-25T10:01:00Z: all green?", 100);
    ledger = recordModelCall(ledger, "Health check at 2026-11-25T10:02:00Z:  all green?", 100);
    const verdict = checkModelCall(ledger, "health check at 2026-11-25T10:03:00Z: all green?", 100, limits);
    expect(verdict).toMatchObject({ stop: true, kind: "repeated_prompt" });
    expect(checkModelCall(ledger, "Summarise today's invoices", 100, limits)).toEqual({ stop: false });
  });

  it("stops the same tool call repeated, whatever the key order", () => {
    let ledger = emptyCycleLedger();
    ledger = recordToolCall(ledger, "http_get", { url: "https://status.example", timeout: 5 });
    ledger = recordToolCall(ledger, "http_get", { timeout: 5, url: "https://status.example" });
    expect(
      checkToolCall(ledger, "http_get", { url: "https://status.example", timeout: 5 }, limits),
    ).toMatchObject({
      stop: true,
      kind: "repeated_tool_call",
    });
    expect(checkToolCall(ledger, "http_get", { url: "https://other.example", timeout: 5 }, limits)).toEqual({
      stop: false,
    });
  });

  it("stops a cycle past its call or cost allowance", () => {
    let ledger = emptyCycleLedger();
    for (let i = 0; i < 5; i++) ledger = recordModelCall(ledger, `distinct prompt ${"x".repeat(i)}`, 1_000);
    expect(checkModelCall(ledger, "another", 1_000, limits)).toMatchObject({
      stop: true,
      kind: "call_allowance",
    });
    const expensive = recordModelCall(emptyCycleLedger(), "a", 95_000);
    expect(checkModelCall(expensive, "b", 6_000, limits)).toMatchObject({
      stop: true,
      kind: "cost_allowance",
    });
  });
});

describe("cooldowns", () => {
  const clockAt = (start: number) => {
    let now = start;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };

  it("honours Retry-After and clears on success", () => {
    const clock = clockAt(0);
    const tracker = new CooldownTracker(clock);
    tracker.recordFailure("openai", 30);
    expect(tracker.remainingMs("openai")).toBe(30_000);
    clock.advance(30_000);
    expect(tracker.isCoolingDown("openai")).toBe(false);
    tracker.recordFailure("openai", 30);
    tracker.recordSuccess("openai");
    expect(tracker.isCoolingDown("openai")).toBe(false);
  });

  it("backs off exponentially without a hint, capped, and survives a snapshot", () => {
    const clock = clockAt(0);
    const tracker = new CooldownTracker(clock, { baseMs: 1_000, maxMs: 5_000 });
    expect([1, 2, 3, 4].map(() => tracker.recordFailure("groq"))).toEqual([1_000, 2_000, 4_000, 5_000]);
    expect(tracker.recordFailure("groq", 3_600)).toBe(5_000);
    const restored = new CooldownTracker(clock, { baseMs: 1_000, maxMs: 5_000 }, tracker.snapshot());
    expect(restored.remainingMs("groq")).toBe(5_000);
    expect(restored.isCoolingDown("anthropic")).toBe(false);
  });
});

describe("privacy routing rule", () => {
  const routes = [{ provider: "openai" }, { provider: "vllm" }, { provider: "anthropic" }];
  const privateProviders = { vllm: true, anthropic: false, openai: false };

  it("passes everything through when no personal data is flagged", () => {
    const plan = planForPersonalData(routes, false, "private-only", privateProviders);
    expect(plan.entries.map((entry) => [entry.candidate.provider, entry.redact])).toEqual([
      ["openai", false],
      ["vllm", false],
      ["anthropic", false],
    ]);
  });

  it("private-only: personal data goes only to private providers", () => {
    const plan = planForPersonalData(routes, true, "private-only", privateProviders);
    expect(plan.entries.map((entry) => entry.candidate.provider)).toEqual(["vllm"]);
    const none = planForPersonalData([{ provider: "openai" }], true, "private-only", privateProviders);
    expect(none).toMatchObject({ allowed: false });
  });

  it("redact: non-private providers only receive a redacted request", () => {
    const plan = planForPersonalData(routes, true, "redact", privateProviders);
    expect(plan.entries.map((entry) => [entry.candidate.provider, entry.redact])).toEqual([
      ["openai", true],
      ["vllm", false],
      ["anthropic", true],
    ]);
  });

  it("treats a provider missing from the map as not private", () => {
    const plan = planForPersonalData([{ provider: "unknown" }], true, "private-only", privateProviders);
    expect(plan.allowed).toBe(false);
  });
});
