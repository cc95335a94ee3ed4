/** Policy files: validation errors name the file, the line and the field. */
import { describe, expect, it } from "vitest";
import { PolicyError, parsePolicy } from "../../../kernel/policy/index";

function errorOf(text: string): PolicyError {
  try {
    parsePolicy(text, "policies/tenant.yaml");
  } catch (error) {
    if (error instanceof PolicyError) return error;
    throw error;
  }
  throw new Error("expected a PolicyError");
}

describe("parsePolicy", () => {
  it("parses a minimal policy and fills the empty sections", () => {
    const policy = parsePolicy("version: 1\n", "p.yaml");
    expect(policy.shell.allow).toEqual([]);
    expect(policy.network.block).toEqual([]);
    expect(policy.tools.allow).toEqual([]);
  });

  it("defaults a rule's agents to every agent and its effect to allow", () => {
    const policy = parsePolicy("version: 1\nshell:\n  allow:\n    - program: ls\n", "p.yaml");
    expect(policy.shell.allow[0]).toMatchObject({ program: "ls", agents: ["*"], effect: "allow" });
  });

  it("refuses an unknown key, naming the file, its line and the key", () => {
    const error = errorOf("version: 1\nshell:\n  allow:\n    - program: ls\n      alow: true\n");
    expect(error.line).toBe(5);
    expect(error.field).toBe("shell.allow.0.alow");
    expect(error.message).toBe('policies/tenant.yaml:5: shell.allow.0.alow: unknown key "alow"');
  });

  it("refuses an unknown top-level section", () => {
    const error = errorOf("version: 1\nnetwrok:\n  allow: []\n");
    expect(error.message).toContain("policies/tenant.yaml:2");
    expect(error.field).toBe("netwrok");
  });

  it("names the line of a wrong value", () => {
    const error = errorOf("version: 1\nshell:\n  limits:\n    timeoutMs: -5\n");
    expect(error.line).toBe(4);
    expect(error.field).toBe("shell.limits.timeoutMs");
  });

  it("points a missing required field at the object that lacks it", () => {
    const error = errorOf("version: 1\nfilesystem:\n  block:\n    - paths: [/etc/**]\n");
    expect(error.field).toBe("filesystem.block.0.reason");
    expect(error.line).toBe(4);
  });

  it("refuses relative path globs and program paths", () => {
    expect(errorOf("version: 1\nfilesystem:\n  read:\n    - paths: [workspace/**]\n").field).toBe(
      "filesystem.read.0.paths.0",
    );
    expect(errorOf("version: 1\nshell:\n  allow:\n    - program: /bin/ls\n").message).toContain("bare name");
  });

  it("refuses allowKnownEscapes without pinned arguments", () => {
    const error = errorOf(
      "version: 1\nshell:\n  allow:\n    - program: find\n      allowKnownEscapes: true\n",
    );
    expect(error.field).toBe("shell.allow.0.allowKnownEscapes");
  });

  it("refuses a missing or wrong version", () => {
    expect(errorOf("shell: {}\n").field).toBe("version");
    expect(errorOf("version: 2\n").field).toBe("version");
  });

  it("reports YAML syntax errors with their line", () => {
    const error = errorOf("version: 1\nshell:\n  allow: [\n");
    expect(error.message).toMatch(/^policies\/tenant\.yaml:\d+: not valid YAML/);
    expect(error.line).toBeGreaterThanOrEqual(3);
  });

  it("refuses duplicate keys, which YAML would otherwise resolve silently", () => {
    expect(errorOf("version: 1\nversion: 1\n").message).toContain("not valid YAML");
  });

  it("refuses methods in lower case and out-of-range ports", () => {
    expect(
      errorOf("version: 1\nnetwork:\n  allow:\n    - hosts: [a.com]\n      methods: [get]\n").field,
    ).toBe("network.allow.0.methods.0");
    expect(
      errorOf("version: 1\nnetwork:\n  allow:\n    - hosts: [a.com]\n      ports: [70000]\n").field,
    ).toBe("network.allow.0.ports.0");
  });
});
