/**
 * Every CLI command answers --help (issue: `route --help` and `dedup --help` were "unknown
 * option", `channels --help` was "unknown platform"), `cairn --help` lists the commands with one
 * line each, and a user's mistake never prints a stack trace. Run as a user runs it: the real
 * entry point in a child process.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../../..");
const commands = readdirSync(path.join(root, "scripts/commands"))
  .filter((file) => file.endsWith(".ts"))
  .map((file) => file.slice(0, -3));

function cairn(...args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/cairn.ts", ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, CAIRN_DEBUG: "" },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

// Each case starts a Node process that loads the CLI (the overview loads every command): seconds
// on a busy machine, past Vitest's 5 s default.
const PROCESS_MS = 30_000;

describe("cairn --help", { timeout: PROCESS_MS }, () => {
  it("lists every command with its one-line summary", () => {
    const { status, stdout } = cairn("--help");
    expect(status).toBe(0);
    for (const name of commands) expect(stdout).toMatch(new RegExp(`^  ${name} +\\S.+$`, "m"));
  });

  it.each(commands)("`%s --help` prints the command's usage and exits 0", (name) => {
    const { status, stdout, stderr } = cairn(name, "--help");
    expect(stderr).toBe("");
    expect(status).toBe(0);
    expect(stdout).toMatch(/^usage:/);
  });

  it("answers --help for a subcommand and a platform", () => {
    expect(cairn("policy", "check", "--help").stdout).toMatch(/^usage:[\s\S]*policy check --agent/);
    const telegram = cairn("channels", "telegram", "--help");
    expect(telegram.status).toBe(0);
    expect(telegram.stdout).toMatch(/^usage: npm run cairn -- channels telegram <connect\|disconnect\|info>/);
  });

  it("names an unknown command and the real ones, with exit 2", () => {
    const { status, stderr } = cairn("frobnicate");
    expect(status).toBe(2);
    expect(stderr.trim()).toBe(
      `cairn: unknown command "frobnicate"; the commands are: ${commands.sort().join(", ")}`,
    );
  });

  it("answers a missing file with one line, not a stack trace", () => {
    const { status, stderr } = cairn("route", "no-such-file.jsonl");
    expect(status).toBe(2);
    expect(stderr).toMatch(/no-such-file\.jsonl/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
