import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { run as runPii } from "../../../scripts/commands/pii";
import { run as runSecrets } from "../../../scripts/commands/secrets";

function writeFile(name: string, lines: string[]): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "cairn-privacy-")), name);
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

async function runCli(run: (args: string[]) => Promise<number>, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, "log").mockImplementation((line: string) => void out.push(line));
  vi.spyOn(console, "error").mockImplementation((line: string) => void err.push(line));
  const code = await run(args);
  return { code, out: out.map((line) => JSON.parse(line)), err, raw: out };
}

afterEach(() => vi.restoreAllMocks());

const github = `ghp_${"a1B2c3D4e5".repeat(3)}xY9zW8`;

describe("cairn pii scan", () => {
  it("answers each line with its entities, and a bad line with an error line, going on after it", async () => {
    const file = writeFile("in.jsonl", [
      JSON.stringify({ id: "m1", text: "Call Rebecca Stone on +44 161 496 0321" }),
      "{not json",
      JSON.stringify({ id: "m3" }),
      JSON.stringify({ id: 4, text: "Invoice INV-2024-0042 for €1,234.50" }),
    ]);
    const { code, out, err } = await runCli(runPii, ["scan", "--json", file]);
    expect(code).toBe(1);
    expect(out).toEqual([
      {
        id: "m1",
        entities: [
          { type: "PERSON", start: 5, end: 18, text: "Rebecca Stone" },
          { type: "PHONE", start: 22, end: 38, text: "+44 161 496 0321" },
        ],
      },
      { line: 2, error: "not valid JSON" },
      { line: 3, error: expect.stringContaining("text") },
      { id: 4, entities: [] },
    ]);
    expect(err).toHaveLength(2);
  });

  it("exits 0 when every line was read", async () => {
    const file = writeFile("ok.jsonl", [JSON.stringify({ id: "a", text: "nothing personal" })]);
    const { code, out } = await runCli(runPii, ["scan", "--json", file]);
    expect(code).toBe(0);
    expect(out).toEqual([{ id: "a", entities: [] }]);
  });

  it("user mistakes get a message and exit 2, never a stack trace", async () => {
    for (const args of [
      ["scan", "/no/such/file.jsonl"],
      ["scan"],
      ["scan", "--bogus", "x"],
      ["frobnicate"],
    ]) {
      const { code, err } = await runCli(runPii, args);
      expect(code).toBe(2);
      expect(err.join("\n")).not.toMatch(/\n\s+at /);
    }
    const missing = await runCli(runPii, ["scan", "/no/such/file.jsonl"]);
    expect(missing.err[0]).toBe("cairn pii scan: cannot read /no/such/file.jsonl: no such file");
  });

  it("--help prints the usage and exits 0", async () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    expect(await runPii(["--help"])).toBe(0);
    expect(await runPii(["scan", "--help"])).toBe(0);
  });
});

describe("cairn secrets scan", () => {
  it("answers each line with its findings", async () => {
    const file = writeFile("in.jsonl", [
      JSON.stringify({ id: "t1", text: `export TOKEN=${github}` }),
      JSON.stringify({ id: "t2", text: "see you at lunch" }),
    ]);
    const { code, out } = await runCli(runSecrets, ["scan", "--json", file]);
    expect(code).toBe(0);
    expect(out).toEqual([
      { id: "t1", findings: [{ rule: "github-pat", start: 13, end: 53, text: github }] },
      { id: "t2", findings: [] },
    ]);
  });

  it("--known adds configured secrets found by exact match", async () => {
    const known = writeFile("known.txt", ["tenant-acme-key-7731"]);
    const file = writeFile("in.jsonl", [
      JSON.stringify({ id: "k", text: "the key tenant-acme-key-7731 leaked" }),
    ]);
    const { out } = await runCli(runSecrets, ["scan", "--json", "--known", known, file]);
    expect(out).toEqual([
      { id: "k", findings: [{ rule: "configured-secret", start: 8, end: 28, text: "tenant-acme-key-7731" }] },
    ]);
  });

  it("a missing --known file is a user mistake", async () => {
    const file = writeFile("in.jsonl", [JSON.stringify({ id: "k", text: "x" })]);
    const { code, err } = await runCli(runSecrets, ["scan", "--known", "/no/such/known.txt", file]);
    expect(code).toBe(2);
    expect(err[0]).toBe("cairn secrets scan: cannot read /no/such/known.txt: no such file");
  });
});
