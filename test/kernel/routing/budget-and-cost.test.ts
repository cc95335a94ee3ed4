import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addSpend,
  assessBudget,
  type BudgetPolicy,
  checkCallAgainstBudget,
} from "../../../kernel/routing/budget";
import { planModelCall } from "../../../kernel/routing/call-plan";
import { costOfUsageMicros, estimateCallCostMicros } from "../../../kernel/routing/cost";
import { DEFAULT_TIER_TABLE } from "../../../kernel/routing/default-tiers";
import { mergeTierTable, parseTierTableOverride, usdPerMillion } from "../../../kernel/routing/tier-table";

const sonnet = { input: usdPerMillion(3), output: usdPerMillion(15), cachedInput: usdPerMillion(0.3) };
const zeroSpend = { tenantTodayMicros: 0, tenantMonthMicros: 0, agentTodayMicros: 0, agentMonthMicros: 0 };
const policy: BudgetPolicy = {
  tenant: { dailyMicros: 2_000_000, monthlyMicros: 30_000_000 },
  agent: { dailyMicros: 500_000 },
  softLimitFraction: 0.8,
  degradeToTier: 2,
};

describe("cost", () => {
  it("prices real usage with cached input at the cached price, in integer micro-dollars", () => {
    // 10k input of which 8k cached, 1k output at $3 / $0.30 / $15 per million.
    expect(
      costOfUsageMicros(sonnet, { inputTokens: 10_000, cachedInputTokens: 8_000, outputTokens: 1_000 }),
    ).toBe(6_000 + 2_400 + 15_000);
  });

  it("never under-counts: the sum of many small calls is at least the exact cost", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(5_000), { minLength: 1, maxLength: 50 }), (outputs) => {
        const total = outputs.reduce(
          (sum, n) =>
            sum + costOfUsageMicros(sonnet, { inputTokens: 0, cachedInputTokens: 0, outputTokens: n }),
          0,
        );
        const exact = (outputs.reduce((sum, n) => sum + n, 0) * sonnet.output) / 1_000_000;
        expect(Number.isInteger(total)).toBe(true);
        expect(total).toBeGreaterThanOrEqual(exact);
      }),
    );
  });

  it("estimates the worst case: everything uncached and the full output cap", () => {
    expect(estimateCallCostMicros(sonnet, 2_000, 4_096)).toBe(6_000 + 61_440);
  });
});

describe("budgets", () => {
  it("is ok, then soft, then hard as spend grows, per tenant and per agent", () => {
    expect(assessBudget(policy, zeroSpend).state).toBe("ok");
    expect(assessBudget(policy, { ...zeroSpend, tenantTodayMicros: 1_600_000 })).toMatchObject({
      state: "soft",
      maxTier: 2,
    });
    expect(assessBudget(policy, { ...zeroSpend, agentTodayMicros: 400_000 })).toMatchObject({
      state: "soft",
    });
    const hard = assessBudget(policy, { ...zeroSpend, agentTodayMicros: 500_000 });
    expect(hard).toMatchObject({ state: "hard", maxTier: 0 });
    expect(hard.reason).toMatch(/agent daily budget of \$0.50 is used up/);
    expect(assessBudget(policy, { ...zeroSpend, tenantMonthMicros: 30_000_001 }).state).toBe("hard");
  });

  it("refuses a call whose estimate would cross the hard cap, allows one that fits", () => {
    const assessment = assessBudget(policy, { ...zeroSpend, agentTodayMicros: 450_000 });
    expect(assessment.headroomMicros).toBe(50_000);
    expect(checkCallAgainstBudget(assessment, 49_999)).toEqual({ allowed: true });
    const refused = checkCallAgainstBudget(assessment, 67_440);
    expect(refused.allowed).toBe(false);
  });

  it("a runaway that keeps calling can never spend past the hard cap", () => {
    let spend = zeroSpend;
    let calls = 0;
    for (;;) {
      const assessment = assessBudget(policy, spend);
      const estimate = estimateCallCostMicros(sonnet, 1_500, 512);
      if (!checkCallAgainstBudget(assessment, estimate).allowed) break;
      // The real cost is never above the worst-case estimate.
      spend = addSpend(
        spend,
        costOfUsageMicros(sonnet, { inputTokens: 1_500, cachedInputTokens: 0, outputTokens: 512 }),
      );
      calls++;
    }
    expect(calls).toBeGreaterThan(0);
    expect(spend.agentTodayMicros).toBeLessThanOrEqual(500_000);
  });
});

describe("tier table", () => {
  it("merges a tenant override without touching the default", () => {
    const override = parseTierTableOverride({
      tiers: {
        "3": {
          routes: [{ provider: "vllm", model: "qwen3-72b", price: { input: 0, output: 0, cachedInput: 0 } }],
        },
      },
      prices: { "gpt-5-mini": { input: 200_000 } },
    });
    const merged = mergeTierTable(DEFAULT_TIER_TABLE, override);
    expect(merged[3].routes).toEqual([
      { provider: "vllm", model: "qwen3-72b", price: { input: 0, output: 0, cachedInput: 0 } },
    ]);
    expect(merged[2].routes[0]?.price).toEqual({ input: 200_000, output: 2_000_000, cachedInput: 25_000 });
    expect(DEFAULT_TIER_TABLE[2].routes[0]?.price.input).toBe(250_000);
    expect(merged[4]).toEqual(DEFAULT_TIER_TABLE[4]);
  });

  it("names the bad field of an override", () => {
    expect(() => parseTierTableOverride({ tiers: { "5": {} } })).toThrow(/tiers/);
    expect(() => parseTierTableOverride({ prices: { "gpt-5": { input: 1.5 } } })).toThrow(
      /prices\.gpt-5\.input/,
    );
  });
});

describe("call plan", () => {
  const base = {
    table: DEFAULT_TIER_TABLE,
    inputTokens: 2_000,
    budget: assessBudget(policy, zeroSpend),
    containsPersonalData: false,
    personalDataMode: "private-only" as const,
    privateProviders: { anthropic: true, openai: false },
  };

  it("lists the tier's routes in order with their estimates", () => {
    const plan = planModelCall({ ...base, tier: 2 });
    expect(plan.allowed).toBe(true);
    if (!plan.allowed) return;
    expect(plan.routes.map((route) => route.model)).toEqual(["gpt-5-mini", "claude-haiku-4-5"]);
    expect(plan.routes[0]?.estimateMicros).toBe(
      estimateCallCostMicros(DEFAULT_TIER_TABLE[2].routes[0]!.price, 2_000, 2_048),
    );
  });

  it("drops routes whose estimate crosses the cap and refuses when none is left", () => {
    const tight = assessBudget(policy, { ...zeroSpend, agentTodayMicros: 495_000 });
    const plan = planModelCall({ ...base, tier: 2, budget: tight });
    expect(plan.allowed && plan.routes.map((route) => route.model)).toEqual(["gpt-5-mini"]);
    const refused = planModelCall({ ...base, tier: 4, budget: tight });
    expect(refused.allowed).toBe(false);
    expect(refused.reason).toMatch(/refused before calling/);
  });

  it("keeps personal data on private providers", () => {
    const plan = planModelCall({ ...base, tier: 2, containsPersonalData: true });
    expect(plan.allowed && plan.routes.map((route) => route.provider)).toEqual(["anthropic"]);
  });
});
