import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createLiteralFinder } from "../../../kernel/privacy/secrets/literal-index";

describe("one-pass literal index", () => {
  it("finds every occurrence of every literal, overlapping ones included", () => {
    const find = createLiteralFinder(["sk", "sk_live_", "ghp_"], { caseInsensitive: true });
    expect(find("ASK sk_LIVE_x ghp_ ghp")).toEqual([
      { literal: "sk", index: 1 },
      { literal: "sk", index: 4 },
      { literal: "sk_live_", index: 4 },
      { literal: "ghp_", index: 14 },
    ]);
  });

  it("is case-sensitive when asked, and ignores literals shorter than two characters", () => {
    const find = createLiteralFinder(["Key-123", "x"], { caseInsensitive: false });
    expect(find("key-123 Key-123 x")).toEqual([{ literal: "Key-123", index: 8 }]);
  });

  it("agrees with indexOf for any text and literals, beyond ASCII too", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 2, maxLength: 6, unit: "binary" }), { minLength: 1, maxLength: 8 }),
        fc.string({ maxLength: 80, unit: "binary" }),
        (literals, filler) => {
          const text = literals.join(filler);
          const find = createLiteralFinder(literals, { caseInsensitive: false });
          const expected: Array<{ literal: string; index: number }> = [];
          for (const literal of new Set(literals)) {
            for (let at = text.indexOf(literal); at !== -1; at = text.indexOf(literal, at + 1)) {
              expected.push({ literal, index: at });
            }
          }
          const key = (hit: { literal: string; index: number }) => `${hit.index}:${hit.literal}`;
          expect(find(text).map(key).sort()).toEqual(expected.map(key).sort());
        },
      ),
      { numRuns: 300 },
    );
    // 300 random cases take about 3 s alone; on two busy cores beside workerd, over 10 s.
  }, 30_000);

  it("case-insensitive, agrees with indexOf on the text with ASCII letters lowercased, whatever their case", () => {
    const asciiLower = (value: string) => value.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
    // Letters in both cases (ASCII and not), characters whose low byte is an ASCII letter's (š is
    // U+0161, ř U+0159), and the two that Unicode folds to ASCII letters (ſ, the Kelvin sign):
    // only ASCII letters are folded, as the scanners' keywords are ASCII.
    const character = fc.constantFrom(..."aAbBkKsSyYzZ_-: éÉüÜšřſ\u212A’");
    const piece = (maxLength: number) => fc.string({ unit: character, maxLength });
    fc.assert(
      fc.property(
        fc.array(
          piece(5).filter((literal) => literal.length >= 2),
          { minLength: 1, maxLength: 6 },
        ),
        piece(12),
        fc.array(fc.boolean(), { maxLength: 120 }),
        (written, filler, upper) => {
          const literals = written.map(asciiLower);
          // The literals as they may appear in a text: each ASCII letter in either case.
          const joined = written.join(filler);
          const text = [...joined]
            .map((char, i) => (upper[i % Math.max(upper.length, 1)] ? char.toUpperCase() : char))
            .join("");
          const folded = asciiLower(text);
          const find = createLiteralFinder(literals, { caseInsensitive: true });
          const expected: Array<{ literal: string; index: number }> = [];
          for (const literal of new Set(literals)) {
            for (let at = folded.indexOf(literal); at !== -1; at = folded.indexOf(literal, at + 1)) {
              expected.push({ literal, index: at });
            }
          }
          const key = (hit: { literal: string; index: number }) => `${hit.index}:${hit.literal}`;
          expect(find(text).map(key).sort()).toEqual(expected.map(key).sort());
        },
      ),
      { numRuns: 300 },
    );
  }, 30_000);
});
