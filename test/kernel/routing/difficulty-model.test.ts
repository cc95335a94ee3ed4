/**
 * The learned difficulty model: what it reads, how it may move a tier (only up, never to or from
 * T0, never past the agent's limit), the trainer's regression, and that the shipped model was not
 * trained on the sets the benchmark reports as its blind test.
 */
import { describe, expect, it } from "vitest";
import { FRESH_SETS, MAIN_SET } from "../../../bench/routing-data";
import { fitSoftmaxRegression } from "../../../bench/softmax-regression";
import { DEFAULT_DIFFICULTY_MODEL } from "../../../kernel/routing/default-difficulty-model";
import {
  confidentTier,
  type DifficultyModel,
  difficultyRaise,
  difficultySignals,
  probabilityAtLeast,
  tierProbabilities,
} from "../../../kernel/routing/difficulty";
import { routeTask } from "../../../kernel/routing/router";

/** A hand-made model: "lawsuit" pushes hard towards T4, "caption" towards T1. */
const model: DifficultyModel = {
  trainedOn: [],
  raiseAt: 0.5,
  bias: [0, 0, 0, 0],
  weights: { "w:lawsuit": [-2, -1, 1, 4], "w:caption": [3, 0, -1, -2] },
};

describe("what the model reads", () => {
  it("reads content word stems, identifiers as one sign, the role, the tools and the sizes", () => {
    const signals = difficultySignals({
      agentRole: "crm",
      text: "The client's lawyer sent INV-2291 back and we're invoicing again",
      tools: ["crm", "email"],
      contextTokens: 9_000,
    });
    expect(signals).toEqual(
      expect.arrayContaining([
        "w:lawyer",
        "w:client",
        "w:#",
        "w:invoic",
        "role:crm",
        "tool:email",
        "tools:2",
      ]),
    );
    expect(signals).toContain("ctx:8000");
    expect(signals).toContain("len:10");
    // How someone writes is not what the work is.
    for (const functionWord of ["w:the", "w:and", "w:we"]) expect(signals).not.toContain(functionWord);
  });
});

describe("probabilities and raises", () => {
  it("gives a distribution over T1…T4 and the chance of a tier or above", () => {
    const p = tierProbabilities(model, ["w:lawsuit"]);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(p[3]).toBeGreaterThan(0.9);
    expect(probabilityAtLeast(p, 1)).toBeCloseTo(1, 10);
    expect(probabilityAtLeast(p, 3)).toBeCloseTo((p[2] ?? 0) + (p[3] ?? 0), 10);
  });

  it("raises to the highest confident tier, never lowers, and leaves T0 alone", () => {
    expect(confidentTier([0.1, 0.2, 0.3, 0.4], 1, 0.5)).toEqual({ tier: 3, probability: 0.7 });
    expect(confidentTier([0.1, 0.2, 0.3, 0.4], 3, 0.5)).toBeNull();
    expect(confidentTier([0.9, 0.05, 0.03, 0.02], 2, 0.5)).toBeNull();
    expect(confidentTier([0, 0, 0, 1], 0, 0.5)).toBeNull();
  });

  it("names the signals that pushed the raise", () => {
    const raise = difficultyRaise(model, ["w:lawsuit", "w:caption", "role:crm"], 2);
    expect(raise).toMatchObject({ tier: 4, because: ["lawsuit"] });
    expect(raise?.probability).toBeGreaterThan(0.5);
  });
});

describe("in the router", () => {
  const task = { agentRole: "crm", text: "A lawsuit about the Weber extension arrived" };

  it("raises the rules' tier and says so in the reason", () => {
    const rulesOnly = routeTask(task, { limits: { maxTier: 4 }, difficulty: null });
    const withModel = routeTask(task, { limits: { maxTier: 4 }, difficulty: model });
    expect(rulesOnly.tier).toBeLessThan(4);
    expect(withModel.tier).toBe(4);
    expect(withModel.reason).toMatch(
      /the difficulty model gives \d+% that this needs T4 or more \(lawsuit\): T4/,
    );
  });

  it("stays under the agent's maximum tier and never touches a T0 answer", () => {
    const capped = routeTask(task, { limits: { maxTier: 2 }, difficulty: model });
    expect(capped.tier).toBe(2);
    expect(capped.reason).toMatch(/maximum tier caps this at T2/);
    const eager: DifficultyModel = { ...model, raiseAt: 0, bias: [0, 0, 0, 10] };
    expect(
      routeTask({ agentRole: "crm", text: "ping" }, { limits: { maxTier: 4 }, difficulty: eager }).tier,
    ).toBe(0);
  });
});

describe("the trainer's softmax regression", () => {
  const examples = [
    ...Array.from({ length: 6 }, () => ({ features: ["easy", "common"], label: 0 })),
    ...Array.from({ length: 6 }, () => ({ features: ["hard", "common"], label: 1 })),
  ];
  const options = { classes: 2, vocabulary: ["common", "easy", "hard"], penalty: 0.01 };

  it("learns which features separate the classes, and ignores what is outside the vocabulary", () => {
    const fit = fitSoftmaxRegression([...examples, { features: ["unknown"], label: 1 }], options);
    const hard = tierProbabilities({ trainedOn: [], raiseAt: 1, ...fit }, ["hard", "common"]);
    const easy = tierProbabilities({ trainedOn: [], raiseAt: 1, ...fit }, ["easy", "common"]);
    expect(hard[1]).toBeGreaterThan(0.8);
    expect(easy[0]).toBeGreaterThan(0.8);
    expect(Object.keys(fit.weights).sort()).toEqual(["common", "easy", "hard"]);
  });

  it("is deterministic, and refuses to fit nothing", () => {
    expect(fitSoftmaxRegression(examples, options)).toEqual(fitSoftmaxRegression(examples, options));
    expect(() => fitSoftmaxRegression([], options)).toThrow(/no examples/);
  });
});

describe("the shipped model", () => {
  it("was trained only on the main set and the fresh sets marked as studied", () => {
    const studied = FRESH_SETS.filter((set) => set.tunedOn !== null).map((set) => set.file);
    const notStudied = FRESH_SETS.filter((set) => set.tunedOn === null).map((set) => set.file);
    expect(notStudied.length).toBeGreaterThan(0);
    expect([...DEFAULT_DIFFICULTY_MODEL.trainedOn].sort()).toEqual([MAIN_SET, ...studied].sort());
    expect(DEFAULT_DIFFICULTY_MODEL.bias).toHaveLength(4);
    expect(DEFAULT_DIFFICULTY_MODEL.raiseAt).toBeGreaterThan(0);
    expect(DEFAULT_DIFFICULTY_MODEL.raiseAt).toBeLessThan(1);
  });
});
