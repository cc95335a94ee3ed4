/**
 * Overlays that escalate: an `ask` rule turns what the base policy allows into a proposal, in
 * every section. It never grants anything, and block rules still win over it.
 */
import { describe, expect, it } from "vitest";
import { decide, mergePolicies, PolicyError, parsePolicy } from "../../../kernel/policy/index";
import { policyFrom, shell } from "./helpers";

const base = policyFrom(`
version: 1
shell:
  allow:
    - { id: ls, program: ls }
    - { id: git, program: git, args: ["status*", "push*", "log*"] }
    - { id: env, program: env }
  block:
    - { id: no-rm, program: rm, reason: never }
filesystem:
  read:
    - { id: ws-read, paths: ["/workspace/**"] }
  write:
    - { id: ws-write, paths: ["/workspace/**"] }
network:
  allow:
    - { id: github, hosts: ["api.github.com"], methods: [GET, POST] }
channels:
  allow:
    - { id: anyone, channels: [telegram], recipients: ["*"] }
tools:
  allow:
    - { id: all-tools, tools: ["*"] }
`);

const overlay = policyFrom(`
version: 1
shell:
  ask:
    - { id: ask-push, program: git, args: "push*", reason: a push leaves the workspace }
    - { id: ask-rm, program: rm, reason: deletion }
filesystem:
  ask:
    - { id: ask-ledger, paths: ["/workspace/ledger/**"], operations: [write], reason: the books }
network:
  ask:
    - { id: ask-github-writes, hosts: ["api.github.com"], methods: [POST], reason: changes on GitHub }
channels:
  ask:
    - { id: ask-clients, channels: [telegram], recipients: ["-100*"], reason: client groups }
tools:
  ask:
    - { id: ask-email, tools: [send_email], reason: email leaves the company }
`);

const merged = mergePolicies(base, overlay);
const agentId = "ops";

describe("ask overlays", () => {
  it("turns an allowed shell command into a proposal naming the ask rule", () => {
    expect(shell(base, "git push origin main").effect).toBe("allow");
    expect(shell(merged, "git push origin main")).toMatchObject({
      effect: "ask",
      rule: "ask-push",
      reason: "git needs approval: a push leaves the workspace",
    });
    expect(shell(merged, "git status")).toMatchObject({ effect: "allow", rule: "git" });
  });

  it("escalates a command anywhere in a script, also behind a wrapper", () => {
    expect(shell(merged, "ls && git push")).toMatchObject({ effect: "ask", rule: "ask-push" });
    expect(shell(merged, "env git push")).toMatchObject({ effect: "ask", rule: "ask-push" });
  });

  it("keeps shell limits on an escalated command", () => {
    expect(shell(merged, "git push").limits).toEqual(shell(base, "git push").limits);
  });

  it("never grants: an ask rule over an ungranted or blocked command leaves it denied", () => {
    expect(shell(merged, "rm notes.txt")).toMatchObject({ effect: "deny", rule: "no-rm" });
    const askOnly = mergePolicies(
      policyFrom("version: 1\n"),
      policyFrom("version: 1\nshell:\n  ask:\n    - { program: cat, reason: r }\n"),
    );
    expect(shell(askOnly, "cat")).toMatchObject({ effect: "deny", rule: "default-deny" });
  });

  it("lets a block rule from any layer win over an ask rule", () => {
    const blocking = policyFrom(
      "version: 1\nshell:\n  block:\n    - { id: no-push, program: git, args: 'push*', reason: frozen }\n",
    );
    for (const layers of [
      [overlay, blocking],
      [blocking, overlay],
    ] as const) {
      expect(shell(mergePolicies(base, ...layers), "git push")).toMatchObject({
        effect: "deny",
        rule: "no-push",
      });
    }
  });

  it("escalates filesystem writes under a path, and only the operations it names", () => {
    const write = (path: string) => decide(merged, { kind: "filesystem", agentId, operation: "write", path });
    expect(write("/workspace/ledger/q3.csv")).toMatchObject({ effect: "ask", rule: "ask-ledger" });
    expect(write("/workspace/ledger/../ledger/q3.csv")).toMatchObject({ effect: "ask" });
    expect(write("/workspace/notes.txt")).toMatchObject({ effect: "allow", rule: "ws-write" });
    expect(
      decide(merged, { kind: "filesystem", agentId, operation: "read", path: "/workspace/ledger/q3.csv" }),
    ).toMatchObject({ effect: "allow" });
    // A redirection is a write: the shell analysis asks too.
    expect(shell(merged, "ls > ledger/out.txt")).toMatchObject({ effect: "ask", rule: "ask-ledger" });
  });

  it("escalates network requests by host and method", () => {
    const request = (method: string) =>
      decide(merged, { kind: "network", agentId, url: "https://api.github.com/repos/x/y/issues", method });
    expect(request("POST")).toMatchObject({ effect: "ask", rule: "ask-github-writes" });
    expect(request("GET")).toMatchObject({ effect: "allow", rule: "github" });
  });

  it("escalates messages to matching recipients and calls of matching tools", () => {
    const message = (recipient: string) =>
      decide(merged, { kind: "message", agentId, channel: "telegram", recipient });
    expect(message("-100123")).toMatchObject({ effect: "ask", rule: "ask-clients" });
    expect(message("42")).toMatchObject({ effect: "allow" });
    expect(decide(merged, { kind: "tool", agentId, tool: "send_email" })).toMatchObject({
      effect: "ask",
      rule: "ask-email",
    });
    expect(decide(merged, { kind: "tool", agentId, tool: "shell" })).toMatchObject({ effect: "allow" });
  });

  it("applies an ask rule only to the agents it names", () => {
    const forFinance = policyFrom(
      "version: 1\ntools:\n  ask:\n    - { agents: [finance], tools: [shell], reason: r }\n",
    );
    const policy = mergePolicies(base, forFinance);
    expect(decide(policy, { kind: "tool", agentId: "finance", tool: "shell" }).effect).toBe("ask");
    expect(decide(policy, { kind: "tool", agentId: "ops", tool: "shell" }).effect).toBe("allow");
  });
});

describe("ask rules are validated", () => {
  const errorOf = (yaml: string) => {
    try {
      parsePolicy(yaml, "overlay.yaml");
    } catch (error) {
      if (error instanceof PolicyError) return error.message;
      throw error;
    }
    return "no error";
  };

  it("requires a reason, which the approver is shown", () => {
    expect(errorOf("version: 1\ntools:\n  ask:\n    - { tools: [shell] }\n")).toMatch(
      /overlay\.yaml:4: tools\.ask\.0\.reason/,
    );
  });

  it("refuses an effect on an ask rule and unknown operations or methods", () => {
    expect(
      errorOf("version: 1\ntools:\n  ask:\n    - { tools: [shell], reason: r, effect: allow }\n"),
    ).toMatch(/tools\.ask\.0.*unknown key "effect"/);
    expect(
      errorOf("version: 1\nfilesystem:\n  ask:\n    - { paths: [/x/**], operations: [delete], reason: r }\n"),
    ).toMatch(/filesystem\.ask\.0\.operations\.0/);
    expect(
      errorOf("version: 1\nnetwork:\n  ask:\n    - { hosts: [a.com], methods: [post], reason: r }\n"),
    ).toMatch(/network\.ask\.0\.methods\.0: methods are upper-case/);
  });
});
