/** The `cairn policy` CLI: same kernel, exit codes a script can branch on, lint of a folder. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { run } from "../../../scripts/commands/policy";

let output: string[];

beforeEach(() => {
  output = [];
  const capture = (...parts: unknown[]) => {
    output.push(parts.join(" "));
  };
  vi.spyOn(console, "log").mockImplementation(capture);
  vi.spyOn(console, "error").mockImplementation(capture);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("cairn policy check", () => {
  it("prints the decision and exits 0 / 3 / 1 for allow / ask / deny", async () => {
    expect(await run(["check", "--agent", "operations", "--shell", "ls -la"])).toBe(0);
    expect(output.join("\n")).toMatch(/^ALLOW {2}rule: shell\.allow\[\d+\]/);
    expect(await run(["check", "--agent", "operations", "--shell", "echo hi > notes.txt"])).toBe(3);
    expect(await run(["check", "--agent", "operations", "--shell", "rm -rf /"])).toBe(1);
    expect(output.join("\n")).toContain("rule: no-recursive-delete");
  });

  it("checks fetches and file writes, and prints JSON on request", async () => {
    expect(await run(["check", "--agent", "operations", "--fetch", "http://0x7f.1/", "--json"])).toBe(1);
    expect(JSON.parse(output.at(-1) as string)).toMatchObject({ effect: "deny", rule: "default-deny" });
    expect(await run(["check", "--agent", "operations", "--write", "/workspace/a.txt"])).toBe(3);
    expect(await run(["check", "--agent", "operations", "--read", "/etc/shadow"])).toBe(1);
  });

  it("lays --policy overlays over the default", async () => {
    const args = [
      "check",
      "--agent",
      "dev",
      "--policy",
      "policies/sample-team.yaml",
      "--shell",
      "git status",
    ];
    expect(await run(args)).toBe(0);
    // Without the overlay, the default policy denies it to a defined agent, and "dev" is no agent.
    expect(await run(["check", "--agent", "development", "--shell", "git status"])).toBe(1);
    output = [];
    expect(await run(["check", "--agent", "dev", "--shell", "git status"])).toBe(2);
    expect(output.join("\n")).toMatch(
      /^policy check: unknown agent "dev": the agents are business-intelligence, crm, development,/,
    );
  });

  it("names an unknown agent instead of answering for any agent (issue: ALLOW for --agent nosuch)", async () => {
    expect(await run(["check", "--agent", "nosuch", "--shell", "ls"])).toBe(2);
    expect(output.join("\n")).toContain('unknown agent "nosuch"');
    expect(output.join("\n")).not.toContain("ALLOW");
    // An agent only an overlay names is known while that overlay is loaded.
    output = [];
    expect(
      await run(["check", "--agent", "dev", "--policy", "policies/sample-team.yaml", "--shell", "ls"]),
    ).toBe(0);
    expect(output.join("\n")).toMatch(/^ALLOW/);
  });

  it("refuses incomplete or contradictory arguments with exit 2", async () => {
    expect(await run(["check", "--shell", "ls"])).toBe(2);
    expect(await run(["check", "--agent", "a"])).toBe(2);
    expect(await run(["check", "--agent", "a", "--shell", "ls", "--fetch", "https://x.example/"])).toBe(2);
    expect(await run(["check", "--agent", "a", "--bogus"])).toBe(2);
    expect(await run(["frobnicate"])).toBe(2);
  });
});

describe("cairn policy lint", () => {
  it("accepts the shipped policies and skips, visibly, YAML that is not a policy", async () => {
    expect(await run(["lint", "policies"])).toBe(0);
    expect(output).toContain("ok    policies/default.yaml");
    expect(output.at(-1)).toMatch(/^(\d+)\/\1 policy files valid$/);
    const dir = mkdtempSync(path.join(tmpdir(), "cairn-policy-lint-"));
    writeFileSync(path.join(dir, "modes.yaml"), "version: 1\nrules: []\n");
    writeFileSync(path.join(dir, "typo.yaml"), "version: 1\nshell: {}\nnetwrok: {}\n");
    expect(await run(["lint", dir])).toBe(1);
    expect(output).toContain(
      `skip  ${path.join(dir, "modes.yaml")}: not a policy file (top-level keys: rules)`,
    );
    expect(output.join("\n")).toContain('typo.yaml:3: netwrok: unknown key "netwrok"');
  });

  it("reports each invalid file with its line and field, and exits 1", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cairn-policy-lint-"));
    writeFileSync(path.join(dir, "good.yaml"), "version: 1\n");
    writeFileSync(path.join(dir, "bad.yaml"), "version: 1\ntools:\n  allow:\n    - tols: [x]\n");
    expect(await run(["lint", dir])).toBe(1);
    const text = output.join("\n");
    expect(text).toContain(`error ${path.join(dir, "bad.yaml")}:4: tools.allow.0.tols: unknown key "tols"`);
    expect(text).toContain(`ok    ${path.join(dir, "good.yaml")}`);
    expect(output.at(-1)).toBe("1/2 policy files valid");
  });
});

describe("cairn policy check --batch", () => {
  function batchFile(lines: string[]): string {
    const dir = mkdtempSync(path.join(tmpdir(), "cairn-policy-batch-"));
    const file = path.join(dir, "actions.jsonl");
    writeFileSync(file, `${lines.join("\n")}\n`);
    return file;
  }

  it("prints one decision per line, in order, and goes on past lines it cannot read", async () => {
    const file = batchFile([
      JSON.stringify({ agent: "dev", shell: "git status" }),
      JSON.stringify({ agent: "dev", shell: "tar -cf /tmp/a.tar /etc/shadow" }),
      "{not json",
      JSON.stringify({ agent: "dev", fetch: "https://api.github.com/user", method: "get" }),
      JSON.stringify({ agent: "dev", shell: "ls", read: "/tmp/x" }),
      "",
      JSON.stringify({ agent: "dev", read: "/etc/shadow" }),
      JSON.stringify({ agent: "dev", write: "src/app.ts" }),
      JSON.stringify({ agent: "dev", shell: "env | grep -c PATH" }),
    ]);
    expect(await run(["check", "--batch", file, "--policy", "policies/sample-team.yaml"])).toBe(1);
    const lines = output.map((line) => JSON.parse(line) as Record<string, string>);
    expect(lines).toHaveLength(9);
    expect(lines[0]).toMatchObject({ effect: "allow", rule: expect.stringMatching(/^shell\.allow/) });
    expect(Object.keys(lines[0] as object)).toEqual(["effect", "rule", "reason"]);
    expect(lines[1]).toMatchObject({ effect: "deny", rule: "no-system" });
    expect(lines[2]).toEqual({ error: expect.stringMatching(/^line 3: not JSON/) });
    expect(lines[3]).toMatchObject({ effect: "allow" });
    expect(lines[4]).toEqual({ error: expect.stringMatching(/^line 5: exactly one of/) });
    expect(lines[5]).toEqual({ error: "line 6: an empty line" });
    expect(lines[6]).toMatchObject({ effect: "deny", rule: "no-system" });
    expect(lines[7]).toMatchObject({ effect: "allow" });
    expect(lines[8]).toMatchObject({ effect: "allow" });
  });

  it("exits 0 when every line was decided, and honours --no-default", async () => {
    const file = batchFile([JSON.stringify({ agent: "operations", shell: "ls" })]);
    expect(await run(["check", "--batch", file])).toBe(0);
    expect(JSON.parse(output.at(-1) as string)).toMatchObject({ effect: "allow" });
    const empty = batchFile(["version: 1"]);
    const policyFile = empty.replace(/actions\.jsonl$/, "empty.yaml");
    writeFileSync(policyFile, "version: 1\n");
    expect(await run(["check", "--batch", file, "--no-default", "--policy", policyFile])).toBe(0);
    expect(JSON.parse(output.at(-1) as string)).toMatchObject({ effect: "deny", rule: "default-deny" });
  });

  it("refuses a missing file, a bad policy and mixed arguments with exit 2, and answers --help", async () => {
    expect(await run(["check", "--batch", "/nonexistent/actions.jsonl"])).toBe(2);
    expect(output.at(-1)).toMatch(/cannot read \/nonexistent\/actions\.jsonl/);
    const file = batchFile([JSON.stringify({ agent: "operations", shell: "ls" })]);
    expect(await run(["check", "--batch", file, "--policy", "/nonexistent.yaml"])).toBe(2);
    expect(await run(["check", "--batch", file, "--agent", "operations"])).toBe(2);
    expect(await run(["check", "--batch"])).toBe(2);
    expect(await run(["check", "--help"])).toBe(0);
    expect(output.at(-1)).toContain("--batch <file.jsonl>");
    expect(await run(["--help"])).toBe(0);
  });
});
