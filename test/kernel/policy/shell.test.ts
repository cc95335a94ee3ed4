/** Shell analysis: every command the script would run is found and judged. */
import { describe, expect, it } from "vitest";
import { policyFrom, shell } from "./helpers";

const policy = policyFrom(`
version: 1
shell:
  allow:
    - { program: echo }
    - { program: cat }
    - { program: ls }
    - { program: cd }
    - { program: grep }
    - { program: xargs }
    - { program: find }
    - { id: git-read, program: git, args: ["status*", "log*"] }
    - { id: git-push, program: git, args: ["push *"], effect: ask }
    - { program: date, blockedArgs: ["-s*", "--set*"] }
    - { id: exact-find, program: find, args: [". -name *.log -delete"], allowKnownEscapes: true }
    - { program: touch, effect: ask }
  block:
    - { id: no-force-push, program: git, args: "push *--force*", reason: history is shared }
filesystem:
  read:
    - paths: ["/workspace/**"]
  write:
    - paths: ["/workspace/**"]
      effect: ask
    - paths: ["/workspace/tmp/**", "/dev/null"]
`);

const decide = (command: string) => shell(policy, command);

describe("shell analysis", () => {
  it("checks every command of pipelines, lists and compound commands", () => {
    expect(decide("ls | grep x && echo ok || echo no; cat a.txt").effect).toBe("allow");
    expect(decide("ls | sort").reason).toContain("sort is not an allowed program");
    expect(decide("if ls; then echo; else rm x; fi").reason).toContain("rm");
    expect(decide("while ls; do sort; done").reason).toContain("sort");
    expect(decide("case $x in a) echo;; b) tac;; esac").reason).toContain("tac");
  });

  it("looks inside substitutions, here-docs and parameter defaults", () => {
    for (const command of [
      "echo $(tac)",
      "echo `tac`",
      "cat <(tac)",
      "cat <<E\n$(tac)\nE",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter default, not a template
      "echo ${x:-$(tac)}",
      "echo $((1+$(tac)))",
    ]) {
      expect(decide(command).reason, command).toContain("tac");
    }
    expect(decide("cat <<'E'\n$(tac)\nE").effect).toBe("allow");
  });

  it("matches argument patterns and lets the most permissive matching rule decide", () => {
    expect(decide("git status --short")).toMatchObject({ effect: "allow", rule: "git-read" });
    expect(decide("git push origin main")).toMatchObject({ effect: "ask", rule: "git-push" });
    expect(decide("git reset --hard").reason).toContain("no shell.allow rule for git covers");
  });

  it("lets a block rule beat a grant", () => {
    expect(decide("git push --force origin main")).toMatchObject({ effect: "deny", rule: "no-force-push" });
  });

  it("denies a blocked argument and an argument it cannot see", () => {
    expect(decide("date -s 2020-01-01")).toMatchObject({ effect: "deny", rule: "shell.allow[9]" });
    expect(decide("date $FLAGS").effect).toBe("deny");
    expect(decide("date +%F").effect).toBe("allow");
  });

  it("denies known escapes unless a rule pins that exact use", () => {
    expect(decide("find . -name '*.log' -delete")).toMatchObject({ effect: "allow", rule: "exact-find" });
    expect(decide("find / -name '*.log' -delete")).toMatchObject({ effect: "deny", rule: "shell.escape" });
    expect(decide("find . -fprint /workspace/list.txt")).toMatchObject({
      effect: "deny",
      rule: "shell.escape",
    });
  });

  it("analyses the commands find -exec would run, with {} unknown", () => {
    expect(decide("find . -name '*.log' -exec echo {} \\;").effect).toBe("allow");
    expect(decide("find . -exec echo found {} +").effect).toBe("allow");
    expect(decide("find . -exec rm {} \\;").reason).toContain("rm is not an allowed program");
    expect(decide("find . -exec sh \\;").effect).toBe("deny");
    expect(decide("find . -exec cat {} \\;").reason).toContain("cannot be checked");
    expect(decide("find . -exec echo {}").reason).toContain("terminating");
    expect(decide("find . -exec echo {} \\; -delete").rule).toBe("shell.escape");
    const blocked = policyFrom(
      "version: 1\nshell:\n  allow:\n    - { program: find, blockedArgs: [-exec] }\n    - { program: echo }\n",
    );
    expect(shell(blocked, "find . -exec echo {} \\;").effect).toBe("deny");
  });

  it("tells jq's env builtin from a field named env", () => {
    const withJq = policyFrom("version: 1\nshell:\n  allow:\n    - { program: jq }\n");
    expect(shell(withJq, "jq -n env").rule).toBe("shell.escape");
    expect(shell(withJq, "jq -n '$ENV.HOME'").rule).toBe("shell.escape");
    expect(shell(withJq, "jq -n '{env: 1} | .env'").effect).toBe("allow");
  });

  it("treats redirections as file accesses", () => {
    expect(decide("echo hi > notes.txt")).toMatchObject({ effect: "ask", rule: "filesystem.write[0]" });
    expect(decide("echo hi > tmp/x.txt").effect).toBe("allow");
    expect(decide("ls 2>/dev/null 2>&1 >&2").effect).toBe("allow");
    expect(decide("cat < /etc/hosts").effect).toBe("deny");
    expect(decide("{ echo a; echo b; } > /etc/x").effect).toBe("deny");
    expect(decide("while ls; do echo; done > out.txt").effect).toBe("ask");
  });

  it("follows cd for relative paths, whatever the order", () => {
    expect(decide("cd /etc; echo x > hosts").effect).toBe("deny");
    expect(decide("echo x > hosts; cd /etc").effect).toBe("deny");
    expect(decide("cd sub && echo x > tmp/y").effect).toBe("ask");
    // The analysis does not know the order cds run in, so y may be /workspace/y (ask) too.
    expect(decide("cd tmp && echo x > y").effect).toBe("ask");
    expect(decide("cd tmp && echo x > /workspace/tmp/y").effect).toBe("allow");
    expect(decide("cd $DIR && echo x > y").reason).toContain("unknown directory");
  });

  it("checks function bodies where they are defined and accepts calls to them", () => {
    expect(decide("f() { ls; }; f; f").effect).toBe("allow");
    expect(decide("f() { tac; }; f").reason).toContain("tac");
    expect(decide("( f() { ls; }; f )").effect).toBe("allow");
  });

  it("judges a name as a program wherever its function may not be defined yet", () => {
    expect(decide("tac() { ls; }; tac").effect).toBe("allow");
    // bash runs the real program: the definition comes later, is conditional, lives in a
    // pipeline's subshell, or is skipped by `command`.
    for (const command of [
      "tac x; tac() { ls; }",
      "if ls; then tac() { ls; }; fi; tac",
      "tac() { ls; } | cat; tac",
      "ls && tac() { ls; }; tac",
      "( tac() { ls; } ); tac",
      "tac() { ls; }; command tac",
    ]) {
      expect(decide(command).reason, command).toContain("tac is not an allowed program");
    }
  });

  it("unwraps wrappers and checks the inner command too", () => {
    expect(decide("sh -c 'ls | grep x'").effect).toBe("allow");
    expect(decide("bash -c 'tac'").reason).toContain("tac");
    expect(decide("eval ls").effect).toBe("allow");
    expect(decide("xargs echo").effect).toBe("allow");
    expect(decide("xargs grep x").reason).toContain("read by xargs");
    expect(decide("xargs touch").effect).toBe("deny");
    expect(decide("env ls").reason).toContain("env is not an allowed program");
    expect(decide("command -v tac").effect).toBe("allow");
  });

  it("knows the values of a loop variable nothing else assigns", () => {
    expect(decide('for f in a.txt b.txt; do cat "$f"; done').effect).toBe("allow");
    expect(decide('for f in /etc/hosts; do cat "$f"; done').effect).toBe("deny");
    expect(decide('for f in a.txt; do f=/etc/hosts; cat "$f"; done').effect).toBe("deny");
    expect(decide('for f in a.txt; do read f; cat "$f"; done').effect).toBe("deny");
    expect(decide('cat "$f"; for f in a.txt; do :; done').effect).toBe("deny");
  });

  it("denies what it cannot parse or that runs nothing", () => {
    expect(decide("ls (").rule).toBe("shell.analysis");
    expect(decide("   ").effect).toBe("deny");
  });

  it("resolves programs named by a standard path and refuses others", () => {
    expect(decide("/bin/ls").effect).toBe("allow");
    expect(decide("/usr/local/bin/ls").effect).toBe("allow");
    expect(decide("./ls").effect).toBe("deny");
    expect(decide("/tmp/bin/ls").effect).toBe("deny");
  });

  it("applies rules only to the agents they name", () => {
    const scoped = policyFrom("version: 1\nshell:\n  allow:\n    - { program: ls, agents: [dev] }\n");
    expect(shell(scoped, "ls", "dev").effect).toBe("allow");
    expect(shell(scoped, "ls", "finance").effect).toBe("deny");
  });
});
