/** Overlays (deny always wins) and the limits the executors read from the policy. */
import { describe, expect, it } from "vitest";
import { mergePolicies, rateLimitsFor, shellLimitsFor } from "../../../kernel/policy/index";
import { defaultPolicy, policyFrom, shell } from "./helpers";

const base = policyFrom(`
version: 1
shell:
  limits: { timeoutMs: 30000, maxOutputBytes: 1000 }
  allow:
    - { program: ls }
    - { program: git, args: ["status*"] }
  block:
    - { program: rm, reason: never }
limits:
  rates:
    - { tools: ["*"], perMinute: 60 }
`);

describe("mergePolicies", () => {
  it("adds an overlay's grants to the base", () => {
    const merged = mergePolicies(base, policyFrom("version: 1\nshell:\n  allow:\n    - { program: cat }\n"));
    expect(shell(merged, "cat notes.txt").effect).toBe("deny"); // no filesystem read rule yet
    expect(shell(merged, "cat").effect).toBe("allow");
    expect(shell(base, "cat").effect).toBe("deny");
  });

  it("keeps the base's block rules whatever the overlay grants", () => {
    const merged = mergePolicies(base, policyFrom("version: 1\nshell:\n  allow:\n    - { program: rm }\n"));
    expect(shell(merged, "rm notes.txt")).toMatchObject({ effect: "deny", rule: "shell.block[0]" });
  });

  it("lets an overlay block what the base allows", () => {
    const overlay = policyFrom("version: 1\nshell:\n  block:\n    - { program: ls, reason: quiet please }\n");
    expect(shell(mergePolicies(base, overlay), "ls")).toMatchObject({
      effect: "deny",
      reason: "ls is blocked: quiet please",
    });
  });

  it("takes limits from the overlay only where the overlay sets them", () => {
    const merged = mergePolicies(base, policyFrom("version: 1\nshell:\n  limits: { timeoutMs: 5000 }\n"));
    expect(shellLimitsFor(merged, "any")).toMatchObject({ timeoutMs: 5000, maxOutputBytes: 1000 });
  });

  it("returns the same policy for the same layers, so the compiled form is reused", () => {
    const overlay = policyFrom("version: 1\nshell:\n  allow:\n    - { program: cat }\n");
    expect(mergePolicies(base, overlay)).toBe(mergePolicies(base, overlay));
    expect(mergePolicies(base, overlay)).not.toBe(mergePolicies(base, policyFrom("version: 1\n")));
  });

  it("does not change its inputs", () => {
    const before = JSON.stringify(base);
    mergePolicies(base, defaultPolicy);
    expect(JSON.stringify(base)).toBe(before);
  });
});

describe("limits", () => {
  it("falls back to the documented defaults when a policy sets none", () => {
    expect(shellLimitsFor(policyFrom("version: 1\n"), "a")).toEqual({
      timeoutMs: 30000,
      maxOutputBytes: 65536,
      maxCommandBytes: 16384,
      cwd: "/workspace",
    });
  });

  it("tightens a command's limits to the strictest rule it used", () => {
    const policy = policyFrom(`
version: 1
shell:
  limits: { timeoutMs: 30000, maxOutputBytes: 5000 }
  allow:
    - { program: ls }
    - { program: sleep, timeoutMs: 2000 }
    - { program: cat, maxOutputBytes: 100 }
`);
    expect(shell(policy, "ls").limits).toEqual({ timeoutMs: 30000, maxOutputBytes: 5000 });
    expect(shell(policy, "sleep 1; ls | cat").limits).toEqual({ timeoutMs: 2000, maxOutputBytes: 100 });
  });

  it("applies per-agent shell limits over the section's, in the decision too", () => {
    const policy = policyFrom(`
version: 1
shell:
  limits: { timeoutMs: 30000, maxOutputBytes: 5000 }
  allow:
    - { program: ls }
limits:
  shell:
    - { agents: [batch], timeoutMs: 600000 }
    - { agents: [batch, chatty], maxOutputBytes: 100 }
`);
    expect(shellLimitsFor(policy, "batch")).toMatchObject({ timeoutMs: 600000, maxOutputBytes: 100 });
    expect(shellLimitsFor(policy, "chatty")).toMatchObject({ timeoutMs: 30000, maxOutputBytes: 100 });
    expect(shellLimitsFor(policy, "other")).toMatchObject({ timeoutMs: 30000, maxOutputBytes: 5000 });
    expect(shell(policy, "ls", "batch").limits).toEqual({ timeoutMs: 600000, maxOutputBytes: 100 });
  });

  it("lists every rate budget that counts a tool call", () => {
    const policy = policyFrom(`
version: 1
limits:
  rates:
    - { tools: ["*"], perMinute: 60 }
    - { id: slow-http, agents: [ops], tools: [http], perHour: 100 }
`);
    expect(rateLimitsFor(policy, "ops", "http").map((limit) => limit.rule)).toEqual([
      "limits.rates[0]",
      "slow-http",
    ]);
    expect(rateLimitsFor(policy, "other", "http").map((limit) => limit.rule)).toEqual(["limits.rates[0]"]);
  });
});
