import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonNestingDepth, parseBoundedJson } from "../../kernel/request-limits";

/** Depth the slow, obvious way: parse and walk. */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== "object") return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

describe("JSON nesting depth, before parsing", () => {
  it("agrees with the depth of the parsed value for any JSON, strings with brackets and escapes included", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), (value) => {
        expect(jsonNestingDepth(JSON.stringify(value))).toBe(depthOf(value));
      }),
      { numRuns: 500 },
    );
    expect(jsonNestingDepth('{"a":"[[[{\\"","b":["\\\\"]}')).toBe(2);
  });

  it("stops counting at the limit, so a huge nesting costs no more than the limit", () => {
    expect(jsonNestingDepth("[".repeat(1_000_000), 65)).toBe(65);
  });

  it("refuses text nested past the limit and parses the rest", () => {
    expect(parseBoundedJson(`${"[".repeat(65)}${"]".repeat(65)}`, 64)).toEqual({
      ok: false,
      message: "body nests objects and arrays deeper than 64 levels",
    });
    expect(parseBoundedJson(`${"[".repeat(64)}${"]".repeat(64)}`, 64).ok).toBe(true);
    expect(parseBoundedJson("{nope", 64)).toEqual({ ok: false, message: "body is not valid JSON" });
  });
});
