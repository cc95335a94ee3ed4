/** Every escape attempt in corpus/escape-attempts.ts is denied under the default policy. */
import { describe, expect, it } from "vitest";
import { allEscapeAttempts, escapeAttempts } from "./corpus/escape-attempts";
import { defaultPolicy, shell } from "./helpers";

describe("escape attempts under policies/default.yaml", () => {
  it("has at least 150 attempts in the corpus", () => {
    expect(allEscapeAttempts.length).toBeGreaterThanOrEqual(150);
  });

  for (const [category, commands] of Object.entries(escapeAttempts)) {
    it.each(commands)(`denies (${category}) %j`, (command) => {
      expect(shell(defaultPolicy, command)).toMatchObject({ effect: "deny" });
    });
  }

  it("denies a command longer than the policy's limit before parsing it", () => {
    const decision = shell(defaultPolicy, `echo ${"a".repeat(20_000)}`);
    expect(decision).toMatchObject({ effect: "deny", rule: "default-deny" });
    expect(decision.reason).toContain("16384-byte limit");
  });

  it("denies substitutions nested deeper than the analyser follows", () => {
    const nested = `${"echo $(".repeat(40)}ls${")".repeat(40)}`;
    expect(shell(defaultPolicy, nested).effect).toBe("deny");
  });
});
