/** The rules added for compounding cues: none of these texts is in the benchmark. */
import { describe, expect, it } from "vitest";
import { routeTask } from "../../../kernel/routing/router";
import type { RoutingTask } from "../../../kernel/routing/types";

/** The rules alone: the difficulty model has its own tests (difficulty-model.test.ts). */
const route = (text: string, extra: Partial<RoutingTask> = {}) =>
  routeTask({ agentRole: "operations", text, ...extra }, { limits: { maxTier: 4 }, difficulty: null });

describe("compounding cues", () => {
  it("treats 'find out why' across systems over much material as root-cause work for T4", () => {
    const decision = route(
      "Checkout errors tripled since Tuesday. Figure out why across the payment services",
      {
        contextTokens: 30_000,
      },
    );
    expect(decision.features.cues).toContain("deep:root-cause");
    expect(decision.tier).toBe(4);
  });

  it("sends a reply to an upset client to T3, not routine drafting", () => {
    const decision = route(
      "The Hale family are furious about the late handover. Draft a reply from the owner",
    );
    expect(decision.features.cues).toContain("stakes:trust");
    expect(decision.tier).toBe(3);
  });

  it("sends a change to live data at scale to T3", () => {
    const decision = route(
      "Write a script that backfills the site_id column on 3 million rows without locking",
    );
    expect(decision.tier).toBe(3);
    expect(decision.reason).toMatch(/code work that needs judgement/);
  });

  it("sends stakes of two kinds at once to T4, but keeps a one-step job with them at T2", () => {
    const breach = route(
      "Client drawings were leaked from a compromised laptop. Plan what we owe the client under the contract",
    );
    expect(breach.tier).toBe(4);
    expect(breach.reason).toMatch(/high stakes of several kinds/);
    expect(route("Translate this contract clause about the data breach into German").tier).toBe(2);
  });

  it("sends deep reasoning on several counts to T4", () => {
    const decision = route(
      "Prepare our negotiation strategy for next year's timber prices with the supplier",
    );
    expect(decision.tier).toBe(4);
    expect(decision.reason).toMatch(/deep reasoning on several counts/);
  });
});
