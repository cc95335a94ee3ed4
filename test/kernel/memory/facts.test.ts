import { describe, expect, it } from "vitest";
import { type FactSet, factsAbout, mergeFactSets, recordFact } from "../../../kernel/memory/facts";

const observe = (value: string, observedAt: number, sourceMessageId: string) => ({
  subjectId: "inv-1042",
  attribute: "amount_due",
  value,
  observedAt,
  sourceMessageId,
});

describe("recordFact", () => {
  it("replaces a changed value and keeps the old one in history with its sources", () => {
    let facts: FactSet = {};
    let change: string;
    ({ facts, change } = recordFact(facts, observe("$3,900.00", 100, "m1")));
    expect(change).toBe("created");
    ({ facts, change } = recordFact(facts, observe("$4,217.00", 200, "m7")));
    expect(change).toBe("replaced");
    const fact = facts["inv-1042/amount_due"]!;
    expect(fact.current).toEqual({ value: "$4,217.00", observedAt: 200, sourceMessageIds: ["m7"] });
    expect(fact.history).toEqual([{ value: "$3,900.00", observedAt: 100, sourceMessageIds: ["m1"] }]);
  });

  it("adds sources when the same value is stated again", () => {
    let facts: FactSet = recordFact({}, observe("$3,900.00", 100, "m1")).facts;
    const result = recordFact(facts, observe(" $3,900.00 ", 150, "m2"));
    facts = result.facts;
    expect(result.change).toBe("confirmed");
    expect(facts["inv-1042/amount_due"]!.current.sourceMessageIds).toEqual(["m1", "m2"]);
    expect(facts["inv-1042/amount_due"]!.history).toEqual([]);
  });

  it("never lets a late, older statement overwrite a newer value", () => {
    let facts = recordFact({}, observe("$4,217.00", 200, "m7")).facts;
    const late = recordFact(facts, observe("$3,900.00", 100, "m1"));
    facts = late.facts;
    expect(late.change).toBe("historical");
    expect(facts["inv-1042/amount_due"]!.current.value).toBe("$4,217.00");
    expect(facts["inv-1042/amount_due"]!.history.map((v) => v.value)).toEqual(["$3,900.00"]);
  });

  it("does not mutate the set it was given", () => {
    const before = recordFact({}, observe("$1", 1, "m1")).facts;
    const snapshot = structuredClone(before);
    recordFact(before, observe("$2", 2, "m2"));
    expect(before).toEqual(snapshot);
  });
});

describe("mergeFactSets", () => {
  it("keeps the newest value from either side, reports the disagreement and loses no history", () => {
    const target = recordFact({}, observe("$4,000.00", 300, "t1")).facts;
    const source = recordFact(
      recordFact({}, observe("$3,900.00", 100, "s1")).facts,
      observe("$4,500.00", 400, "s2"),
    ).facts;
    const { facts, conflicts } = mergeFactSets(target, source);
    const fact = facts["inv-1042/amount_due"]!;
    expect(fact.current.value).toBe("$4,500.00");
    expect(fact.history.map((v) => v.value)).toEqual(["$3,900.00", "$4,000.00"]);
    expect(conflicts).toEqual([
      {
        factId: "inv-1042/amount_due",
        kept: fact.current,
        superseded: expect.objectContaining({ value: "$4,000.00" }),
      },
    ]);
    expect(factsAbout(facts, "inv-1042")).toHaveLength(1);
  });
});
