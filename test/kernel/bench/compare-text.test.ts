/** bench:check's comparison (bench/compare-text.ts): it must name the first differing line. */
import { describe, expect, it } from "vitest";
import { firstDifference } from "../../../bench/compare-text";

describe("firstDifference", () => {
  it("is null only for identical texts", () => {
    expect(firstDifference("a\nb\n", "a\nb\n")).toBeNull();
    expect(firstDifference("a\nb\n", "a\nb")).not.toBeNull();
  });

  it("names the first differing line, 1-based, with both versions", () => {
    expect(firstDifference("a\nb\nc\n", "a\nB\nc\n")).toEqual({
      line: 2,
      committed: "b",
      produced: "B",
      removed: 1,
      added: 1,
    });
  });

  it("counts an inserted or removed line once, not as a shift of everything after it", () => {
    const committed = ["x", "y", "z", "w"].join("\n");
    expect(firstDifference(committed, ["x", "new", "y", "z", "w"].join("\n"))).toMatchObject({
      line: 2,
      removed: 0,
      added: 1,
    });
    expect(firstDifference(committed, ["x", "z", "w"].join("\n"))).toMatchObject({
      line: 2,
      removed: 1,
      added: 0,
    });
  });

  it("reports a line missing at the end as undefined on that side", () => {
    expect(firstDifference("a\nb", "a")).toEqual({
      line: 2,
      committed: "b",
      produced: undefined,
      removed: 1,
      added: 0,
    });
  });
});
