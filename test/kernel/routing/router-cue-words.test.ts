/**
 * Cue words that read the wrong sense and the rubric's T4 kinds that no cue named, found on the fresh
 * sets 1 to 3 (bench/data/routing-tasks-fresh*.jsonl), and the rules for requests no cue describes.
 * None of these texts is in the benchmark.
 */
import { describe, expect, it } from "vitest";
import { routeTask } from "../../../kernel/routing/router";
import type { RoutingTask } from "../../../kernel/routing/types";

/** The rules alone: the difficulty model has its own tests (difficulty-model.test.ts). */
const route = (text: string, extra: Partial<RoutingTask> = {}) =>
  routeTask({ agentRole: "operations", text, ...extra }, { limits: { maxTier: 4 }, difficulty: null });

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

describe("requests no cue describes", () => {
  it("leaves a long request at its type's tier: length alone is no sign of difficulty", () => {
    // Long and easy ("a rambling note that only needs a cost code") is as common as long and hard;
    // the difficulty model, not a word count, judges which one a long request is.
    const long = route(
      "The roofer cancelled twice this month and the client is asking questions; go through the site diary and tell me how we catch up before the handover",
      { contextTokens: 3_000 },
    );
    expect(long.features.taskType).toBe("general");
    expect(long.tier).toBe(2);
    expect(long.reason).not.toMatch(/long request/);
    expect(route("Write the job ad for a part-time driver", { contextTokens: 300 }).tier).toBe(2);
  });

  it("takes a short request with nothing to weigh, produce or risk as one step (T1)", () => {
    expect(route("Let the plumber know the kitchen is free from Monday").tier).toBe(1);
    expect(route("Cancel the crane booking for Thursday", { tools: ["docs"] }).tier).toBe(1);
    // Producing a document, or anything at stake, is more than one step however short.
    expect(route("Draft the site rules for the new crew").tier).toBe(2);
    expect(route("Tell the client what we are legally allowed to do").tier).toBeGreaterThan(1);
  });
});

describe("T0 questions in other words", () => {
  it("answers 'did X pay ID', 'has deploy ID gone out' and 'any open tasks' without a model", () => {
    expect(route("did Müller & Co pay INV-4410?").features.handler).toBe("status_query");
    expect(route("has release R-118 gone out yet?").features.handler).toBe("status_query");
    expect(route("any open tasks for me?").features.handler).toBe("task_list");
  });
});

describe("incidents and lenders", () => {
  it("sends a login from an unknown place, with what it could reach, to T4", () => {
    const decision = route(
      "Someone logged into the office NAS from an unknown country; work out what they could reach",
      { tools: ["shell"], contextTokens: 9_000 },
    );
    expect(decision.features.cues).toEqual(expect.arrayContaining(["stakes:security", "deep:exposure"]));
    expect(decision.tier).toBe(4);
  });

  it("reads the bank's requests as stakes, not every mention of a bank", () => {
    expect(route("The bank wants our cash plan before the loan meeting").features.highStakes).toBe(true);
    expect(route("Match the bank deposits to the invoices").features.highStakes).toBe(false);
  });
});

describe("more of the rubric's kinds, found on fresh set 3", () => {
  it("sends an injury on site, and what it means for us, to T4", () => {
    const decision = route(
      "A temp worker was hurt on the Nordstrasse site without a safety briefing; what does that mean for us?",
      { contextTokens: 3_000 },
    );
    expect(decision.features.cues).toEqual(expect.arrayContaining(["stakes:safety", "deep:implications"]));
    expect(decision.tier).toBe(4);
  });

  it("reads scheduling for the least cost as a trade-off, not light analysis", () => {
    const decision = route(
      "Two crews, three jobs starting Monday: work out the order that costs us the least in overtime",
      { tools: ["docs"], contextTokens: 2_000 },
    );
    expect(decision.features.cues).toContain("deep:trade-offs");
    expect(decision.tier).toBe(3);
  });

  it("answers 'status of ID' and 'where is <thing> ID' at T0", () => {
    expect(route("status of INV-5501").features.handler).toBe("status_query");
    expect(route("where's invoice INV-5501 at?").features.handler).toBe("status_query");
    expect(route("you there?").features.handler).toBe("health_check");
  });
});
