/**
 * Regression tests for the findings of issue 19 under policies/default.yaml +
 * policies/sample-team.yaml, agent dev: the kernel answers ordinary input instead of throwing,
 * and fork bombs, recursion and background loops are denied.
 */
import { describe, expect, it } from "vitest";
import { mergePolicies } from "../../../kernel/policy/index";
import { defaultPolicy, loadPolicyFile, policyFrom, shell } from "./helpers";

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

describe("path arguments are filesystem actions, for every program", () => {
  it.each([
    "tar -cf /tmp/a.tar /etc/shadow",
    "git diff --no-index /etc/shadow /dev/null",
    "gzip -c /path/to/input-file | gzip -d",
    "tsc /path/to/input-file.ts --outFile /path/to/output-file",
    "tsc src/index.ts --outFile /usr/share/out.js",
    "tsc src/index.ts --outFile=/usr/share/out.js",
    "tar -czf /tmp/a.tgz -C /etc .",
    "git -C /etc log",
    "python3 scripts/report.py /root/.ssh/id_rsa",
    "node /etc/passwd",
    "zip /tmp/a.zip /etc/shadow",
    "ln -s /etc/shadow notes.txt",
    "git diff --no-index ../../etc/shadow README.md",
  ])("denies %s for agent dev", (command) => {
    expect(shell(teamPolicy, command, "dev").effect).toBe("deny");
  });

  it.each([
    "tar -cf /tmp/src.tar src",
    "tar -tf /tmp/src.tar",
    "gzip -c notes.txt > /tmp/notes.gz",
    "tsc src/index.ts --outFile /tmp/out.js",
    "git diff --no-index a.txt b.txt",
    "git log --since=2.weeks -- src/",
    "python3 scripts/report.py exports/invoices.csv",
  ])("still allows %s inside the workspace and /tmp", (command) => {
    expect(shell(teamPolicy, command, "dev").effect).toBe("allow");
  });

  const unknownProgram = policyFrom(`
version: 1
shell:
  allow:
    - { program: frob }
    - { program: readonly-tool, pathArgs: read }
    - { program: calc, pathArgs: none }
    - { program: git }
filesystem:
  read:
    - paths: ["/workspace/**", "/usr/share/**"]
  write:
    - paths: ["/workspace/**"]
      effect: ask
`);

  it("checks an unknown program's operands and option values as reads and writes", () => {
    expect(shell(unknownProgram, "frob /usr/share/dict/words").effect).toBe("deny");
    expect(shell(unknownProgram, "frob --input=/etc/hosts").effect).toBe("deny");
    expect(shell(unknownProgram, "frob -I/etc").effect).toBe("deny");
    expect(shell(unknownProgram, "frob file:///etc/hosts").effect).toBe("deny");
    expect(shell(unknownProgram, "frob $TARGET").effect).toBe("deny");
    expect(shell(unknownProgram, "frob data.csv").effect).toBe("ask");
    expect(shell(unknownProgram, "frob --verbose https://example.com/x").effect).toBe("allow");
  });

  it("follows what the granting rule declares", () => {
    expect(shell(unknownProgram, "readonly-tool /usr/share/dict/words").effect).toBe("allow");
    expect(shell(unknownProgram, "readonly-tool /etc/hosts").effect).toBe("deny");
    expect(shell(unknownProgram, "calc 10/3 /etc/x").effect).toBe("allow");
  });

  it("knows which git subcommands write the files they name", () => {
    expect(shell(unknownProgram, "git status --short").effect).toBe("allow");
    expect(shell(unknownProgram, "git log -- src/app.ts").effect).toBe("allow");
    expect(shell(unknownProgram, "git checkout -- src/app.ts").effect).toBe("ask");
    expect(shell(unknownProgram, "git diff --output=/usr/share/x HEAD").effect).toBe("deny");
  });
});

describe("sqlite3's own file access", () => {
  it.each([
    "sqlite3 books.db \"select readfile('/etc/shadow')\"",
    "sqlite3 books.db \"select writefile('/tmp/x', 'y')\"",
    "sqlite3 books.db \"ATTACH '/etc/x.db' AS x; select 1\"",
    "sqlite3 /etc/x.db 'select 1'",
  ])("denies %s for agent finance", (command) => {
    expect(shell(teamPolicy, command, "finance").effect).toBe("deny");
  });

  it("still allows a query of a database in the workspace", () => {
    expect(shell(teamPolicy, "sqlite3 books.db 'select count(*) from invoices;'", "finance").effect).toBe(
      "allow",
    );
  });
});
