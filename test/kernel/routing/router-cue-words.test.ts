/**
 * Cue words that read the wrong sense, found on the first fresh set (bench/data/routing-tasks-fresh.jsonl),
 * and the rubric's T4 kinds that no cue named. None of these texts is in the benchmark.
 */
import { describe, expect, it } from "vitest";
import { routeTask } from "../../../kernel/routing/router.js";
import type { RoutingTask } from "../../../kernel/routing/types.js";

const route = (text: string, extra: Partial<RoutingTask> = {}) =>
  routeTask({ agentRole: "operations", text, ...extra }, { limits: { maxTier: 4 } });

describe("words in their other sense", () => {
  it("does not read a delivery driver as the driver of a metric", () => {
    const decision = route("Tell the courier driver to use the side entrance");
    expect(decision.features.cues).not.toContain("analysis:trend");
    expect(route("What are the main drivers of the margin drop?").features.cues).toContain("analysis:trend");
  });

  it("does not read 'we are short' of people as a short answer", () => {
    expect(route("Plan the rota and tell me where we are short").features.briefOutput).toBe(false);
    expect(route("Write a short note to the crew about Friday").features.briefOutput).toBe(true);
  });
});

describe("the rubric's frontier kinds", () => {
  it("sends an assessment of tax exposure for the partners to T4", () => {
    const decision = route(
      "Assess whether paying the site leads as freelancers exposes us to back taxes, for the partners",
    );
    expect(decision.features.cues).toEqual(expect.arrayContaining(["deep:exposure", "stakes:tax"]));
    expect(decision.tier).toBe(4);
  });

  it("sends designing for an outage to deep reasoning", () => {
    const decision = route("Design the booking system so that it survives a database outage");
    expect(decision.features.cues).toContain("deep:architecture");
    expect(decision.tier).toBeGreaterThanOrEqual(3);
  });

  it("reads 'legally' and 'exclusivity' as legal stakes", () => {
    expect(route("Draft a reply and say what we can legally demand").features.highStakes).toBe(true);
    expect(route("They want exclusivity for three years; how do we answer?").features.highStakes).toBe(true);
  });

  it("weighs two explanations against the data as analysis", () => {
    const decision = route("Check whether the dip in bookings came from the price rise or from the weather", {
      tools: ["sql"],
      contextTokens: 5_000,
    });
    expect(decision.features.taskType).toBe("analysis");
    expect(decision.tier).toBe(3);
  });
});
