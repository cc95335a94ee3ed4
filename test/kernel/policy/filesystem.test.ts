/** Filesystem rules: paths are normalised before matching, block rules win. */
import { describe, expect, it } from "vitest";
import { decide, normalizePathVariants } from "../../../kernel/policy/index";
import { policyFrom } from "./helpers";

const policy = policyFrom(`
version: 1
filesystem:
  read:
    - paths: ["/workspace/**"]
  write:
    - paths: ["/workspace/**"]
      effect: ask
    - paths: ["/workspace/scratch/**"]
    - agents: [ops]
      paths: ["/var/log/app/*.log"]
  block:
    - paths: ["**/.env", "/workspace/secrets/**"]
      reason: secrets
`);

function fs(operation: "read" | "write", path: string, agentId = "assistant") {
  return decide(policy, { kind: "filesystem", agentId, operation, path });
}

describe("filesystem decisions", () => {
  it("grants what the rules name, with their effect", () => {
    expect(fs("read", "/workspace/notes.txt").effect).toBe("allow");
    expect(fs("write", "/workspace/notes.txt")).toMatchObject({ effect: "ask", rule: "filesystem.write[0]" });
    expect(fs("write", "/workspace/scratch/a.txt")).toMatchObject({
      effect: "allow",
      rule: "filesystem.write[1]",
    });
  });

  it("resolves relative paths against the workspace", () => {
    expect(fs("read", "notes/today.md").effect).toBe("allow");
    expect(fs("read", "../etc/passwd")).toMatchObject({ effect: "deny", rule: "default-deny" });
  });

  it("denies whatever no rule names", () => {
    expect(fs("read", "/etc/passwd")).toMatchObject({ effect: "deny", rule: "default-deny" });
    expect(fs("write", "/tmp/x")).toMatchObject({ effect: "deny", rule: "default-deny" });
  });

  it("lets a block rule win over a grant", () => {
    expect(fs("read", "/workspace/app/.env")).toMatchObject({ effect: "deny", rule: "filesystem.block[0]" });
    expect(fs("write", "/workspace/secrets/key.pem").effect).toBe("deny");
  });

  it("applies agent-scoped rules only to their agents", () => {
    expect(fs("write", "/var/log/app/today.log", "ops").effect).toBe("allow");
    expect(fs("write", "/var/log/app/today.log", "assistant").effect).toBe("deny");
    expect(fs("write", "/var/log/app/sub/x.log", "ops").effect).toBe("deny");
  });

  it.each([
    "/workspace/../etc/passwd",
    "/workspace/./../etc/passwd",
    "/workspace//..//etc/passwd",
    "/workspace/%2e%2e/etc/passwd",
    "/workspace/%2E%2E%2Fetc%2Fpasswd",
    "/workspace/%252e%252e/etc/passwd",
    "/workspace/..%2f..%2fetc/passwd",
    "/workspace\uff0f..\uff0f..\uff0fetc/passwd",
    "/workspace/\u2215..\u2215etc/passwd",
    "/workspace\\..\\etc\\passwd",
    "/workspace/\uff0e\uff0e/etc/passwd",
    "/workspace/x/../../etc/passwd/",
  ])("does not let %j escape the workspace", (path) => {
    expect(fs("read", path).effect).toBe("deny");
  });

  it.each(["/workspace/a\u0000.txt", "/workspace/a\n.txt", "/workspace/%00", "/workspace/%E0%A4%A", ""])(
    "refuses the malformed path %j",
    (path) => {
      expect(fs("read", path).effect).toBe("deny");
    },
  );

  it("matches the block rule on the decoded form too", () => {
    expect(fs("read", "/workspace/app/%2eenv").effect).toBe("deny");
    expect(fs("read", "/workspace/secrets%2fkey.pem").effect).toBe("deny");
  });

  it("accepts trailing slashes and repeated separators on allowed paths", () => {
    expect(fs("read", "/workspace//notes///").effect).toBe("allow");
    expect(fs("read", "/workspace/").effect).toBe("allow");
  });
});

describe("normalizePathVariants", () => {
  it("gives the literal and the decoded form when they differ", () => {
    expect(normalizePathVariants("notes/%2e%2e/../x", "/workspace")).toEqual({
      ok: true,
      paths: ["/workspace/notes/x", "/x"],
    });
  });

  it("never climbs above the root", () => {
    expect(normalizePathVariants("../../../../..", "/workspace")).toEqual({ ok: true, paths: ["/"] });
  });
});
