/**
 * Regression tests for the findings of issue 19 under policies/default.yaml +
 * policies/sample-team.yaml, agent dev: the kernel answers ordinary input instead of throwing,
 * and fork bombs, recursion and background loops are denied.
 */
import { describe, expect, it } from "vitest";
import { mergePolicies } from "../../../kernel/policy/index.js";
import { defaultPolicy, loadPolicyFile, shell } from "./helpers.js";

const teamPolicy = mergePolicies(defaultPolicy, loadPolicyFile("policies/sample-team.yaml"));

describe("a bare env", () => {
  it.each(["env", "env | grep -c PATH", "env FOO=1", "env -u HOME"])(
    "is decided as env itself: %s",
    (command) => {
      const decision = shell(teamPolicy, command, "dev");
      expect(decision.effect).toBe("allow");
      expect(decision.reason).toMatch(/^env allowed/);
    },
  );

  it("behind another wrapper too", () => {
    expect(shell(teamPolicy, "timeout 5 env", "dev").effect).toBe("allow");
  });

  it("still refuses dangerous assignments and is still a grant of its own", () => {
    expect(shell(teamPolicy, "env LD_PRELOAD=/tmp/x.so", "dev")).toMatchObject({ effect: "deny" });
    expect(shell(teamPolicy, "env PATH=/tmp", "dev")).toMatchObject({ effect: "deny" });
    // The sample team grants env to dev and finance only.
    expect(shell(teamPolicy, "env", "assistant").effect).toBe("deny");
  });

  it("counts wrappers towards the nesting limit", () => {
    expect(shell(teamPolicy, `${"env ".repeat(40)}ls`, "dev")).toMatchObject({
      effect: "deny",
      reason: expect.stringMatching(/nested too deeply/),
    });
  });
});

describe("runaway processes", () => {
  it.each([
    ":(){ :|:& };:",
    "bomb() { bomb | bomb & }; bomb",
    "f() { f; }; f",
    "f() { 'f'; }; f",
    "f() { g; }; g() { f; }; f",
    "f() { ls; f; }; f",
    "f() { f() { f; }; f; }; f",
  ])("denies the recursive function in %s", (command) => {
    expect(shell(teamPolicy, command, "dev")).toMatchObject({
      effect: "deny",
      reason: expect.stringMatching(/calls itself/),
    });
  });

  it.each([
    "while true; do echo x; done &",
    "until false; do ls; done &",
    "for f in a b; do ls $f; done &",
    "for ((;;)); do ls; done &",
    "while true; do ls & done",
    "while true; do { ls; } & done",
  ])("denies the background loop in %s", (command) => {
    expect(shell(teamPolicy, command, "dev")).toMatchObject({
      effect: "deny",
      reason: expect.stringMatching(/background/),
    });
  });

  it("allows functions that do not recurse, and background jobs outside unbounded loops", () => {
    expect(shell(teamPolicy, "f() { ls; }; f; f", "dev").effect).toBe("allow");
    expect(shell(teamPolicy, "f() { { f() { echo; }; f; }; }; f", "dev").effect).toBe("allow");
    expect(shell(teamPolicy, "ls & ls", "dev").effect).toBe("allow");
    expect(shell(teamPolicy, "for f in a b; do ls $f & done", "dev").effect).toBe("allow");
    expect(shell(teamPolicy, "while false; do ls; done", "dev").effect).toBe("allow");
  });
});
