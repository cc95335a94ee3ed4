import { describe, expect, it } from "vitest";
import { assessBudget, type BudgetAssessment } from "../../../kernel/routing/budget";
import { CooldownTracker } from "../../../kernel/routing/cooldowns";
import { costOfUsageMicros } from "../../../kernel/routing/cost";
import { DEFAULT_TIER_TABLE } from "../../../kernel/routing/default-tiers";
import { DEFAULT_RUNAWAY_LIMITS, emptyCycleLedger, recordModelCall } from "../../../kernel/routing/runaway";
import { completeRouted, type RoutedCompletionInput } from "../../../providers/routed-completion";
import {
  type CompletionRequest,
  type CompletionResult,
  type ModelProvider,
  ProviderError,
} from "../../../providers/types";

/** A provider that answers from a script, recording the models it was asked for. */
class ScriptedProvider implements ModelProvider {
  readonly offline = false;
  readonly calls: string[] = [];
  constructor(
    readonly id: string,
    private readonly answer: (request: CompletionRequest) => CompletionResult,
  ) {}
  async complete(request: CompletionRequest): Promise<CompletionResult> {
    this.calls.push(request.model);
    return this.answer(request);
  }
}

const usage = { inputTokens: 1_000, outputTokens: 200, cachedInputTokens: 0 };
const reply = (text: string, model: string): CompletionResult => ({
  text,
  toolCalls: [],
  usage,
  model,
  stopReason: "end",
});
const unlimited: BudgetAssessment = {
  state: "ok",
  maxTier: undefined,
  headroomMicros: Infinity,
  reason: "within budget",
};

function input(
  overrides: Partial<RoutedCompletionInput> & Pick<RoutedCompletionInput, "providers">,
): RoutedCompletionInput {
  return {
    task: { agentRole: "finance", text: "Categorise these card transactions into our expense categories" },
    request: {
      system: "You are the finance agent.",
      messages: [{ role: "user", content: "Categorise: Uber 23.40" }],
      tools: [],
    },
    inputTokens: 1_000,
    limits: { maxTier: 4 },
    table: DEFAULT_TIER_TABLE,
    budget: unlimited,
    privacy: { containsPersonalData: false, mode: "private-only", privateProviders: { anthropic: true } },
    cycle: emptyCycleLedger(),
    runawayLimits: DEFAULT_RUNAWAY_LIMITS,
    cascade: { maxEscalations: 2 },
    cooldowns: new CooldownTracker({ now: () => 0 }),
    validate: (result) => (result.text.startsWith("{") ? undefined : "schema_error"),
    ...overrides,
  };
}

describe("completeRouted", () => {
  it("climbs one tier when the result fails validation, and prices every attempt", async () => {
    // The nano model answers in prose (fails the schema); the small one answers JSON.
    const openai = new ScriptedProvider("openai", (request) =>
      reply(request.model === "gpt-5-nano" ? "travel" : '{"category":"travel"}', request.model),
    );
    const outcome = await completeRouted(input({ providers: { openai } }));
    expect(outcome.status).toBe("answered");
    if (outcome.status !== "answered") return;
    expect(outcome.tier).toBe(2);
    expect(openai.calls).toEqual(["gpt-5-nano", "gpt-5-mini"]);
    expect(outcome.attempts.map((attempt) => [attempt.tier, attempt.model, attempt.outcome])).toEqual([
      [1, "gpt-5-nano", "schema_error"],
      [2, "gpt-5-mini", "passed"],
    ]);
    const expected = [1, 2].map((tier) =>
      costOfUsageMicros(DEFAULT_TIER_TABLE[tier as 1 | 2].routes[0]!.price, usage),
    );
    expect(outcome.attempts.map((attempt) => attempt.costMicros)).toEqual(expected);
    expect(outcome.cycle.costMicros).toBe(expected[0]! + expected[1]!);
  });

  it("prices the call with the route that actually answered after a fallback", async () => {
    const openai = new ScriptedProvider("openai", () => {
      throw new ProviderError("rate limited", "openai", 429, 30, true);
    });
    const anthropic = new ScriptedProvider("anthropic", (request) => reply('{"ok":true}', request.model));
    const outcome = await completeRouted(input({ providers: { openai, anthropic } }));
    expect(outcome.status === "answered" && outcome.attempts).toEqual([
      {
        tier: 1,
        provider: "anthropic",
        model: "claude-haiku-4-5",
        costMicros: costOfUsageMicros(DEFAULT_TIER_TABLE[1].routes[1]!.price, usage),
        // The usage the answering provider reported: what the cost ledger records.
        usage,
        outcome: "passed",
      },
    ]);
  });

  it("leaves T0 to the deterministic handler", async () => {
    const openai = new ScriptedProvider("openai", (request) => reply("{}", request.model));
    const outcome = await completeRouted(
      input({ providers: { openai }, task: { agentRole: "ops", text: "ping" } }),
    );
    expect(outcome).toMatchObject({ status: "deterministic", handler: "health_check" });
    expect(openai.calls).toEqual([]);
  });

  it("stops at the hard budget cap without calling anyone", async () => {
    const openai = new ScriptedProvider("openai", (request) => reply("{}", request.model));
    const budget = assessBudget(
      { tenant: { dailyMicros: 1_000_000 }, softLimitFraction: 0.8, degradeToTier: 2 },
      {
        tenantTodayMicros: 1_000_000,
        tenantMonthMicros: 1_000_000,
        agentTodayMicros: 0,
        agentMonthMicros: 0,
      },
    );
    const outcome = await completeRouted(input({ providers: { openai }, budget }));
    expect(outcome).toMatchObject({ status: "stopped", kind: "budget" });
    expect(openai.calls).toEqual([]);
  });

  it("stops a loop that keeps sending the same prompt at the same tier", async () => {
    const openai = new ScriptedProvider("openai", (request) => reply("{}", request.model));
    const base = input({ providers: { openai } });
    const prompt = `T1\n${[base.request.system, ...base.request.messages.map((message) => message.content)].join("\n")}`;
    const cycle = recordModelCall(recordModelCall(emptyCycleLedger(), prompt, 10), prompt, 10);
    const outcome = await completeRouted({ ...base, cycle });
    expect(outcome).toMatchObject({ status: "stopped", kind: "runaway" });
    expect(openai.calls).toEqual([]);
  });

  it("refuses personal data when the tier has no private provider", async () => {
    const openai = new ScriptedProvider("openai", (request) => reply("{}", request.model));
    const privacy = { containsPersonalData: true, mode: "private-only" as const, privateProviders: {} };
    const outcome = await completeRouted(input({ providers: { openai }, privacy }));
    expect(outcome).toMatchObject({ status: "stopped", kind: "privacy" });
    expect(openai.calls).toEqual([]);
  });

  it("stops the cascade at the agent's maximum tier", async () => {
    const openai = new ScriptedProvider("openai", (request) => reply("not json", request.model));
    const outcome = await completeRouted(input({ providers: { openai }, limits: { maxTier: 2 } }));
    expect(outcome).toMatchObject({ status: "stopped", kind: "cascade_exhausted" });
    expect(openai.calls).toEqual(["gpt-5-nano", "gpt-5-mini"]);
  });
});
