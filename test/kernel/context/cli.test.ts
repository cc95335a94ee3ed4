import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { run } from "../../../scripts/commands/context";

const dir = mkdtempSync(path.join(tmpdir(), "cairn-context-"));
function file(name: string, lines: unknown[]): string {
  const target = path.join(dir, name);
  writeFileSync(
    target,
    `${lines.map((line) => (typeof line === "string" ? line : JSON.stringify(line))).join("\n")}\n`,
  );
  return target;
}

async function runCli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, "log").mockImplementation((line: string) => void out.push(line));
  vi.spyOn(console, "error").mockImplementation((line: string) => void err.push(line));
  const code = await run(args);
  return { code, out, err };
}

afterEach(() => vi.restoreAllMocks());

const START = Date.parse("2023-05-01T10:00:00Z");
const messages = [
  {
    conversation: "c1",
    id: "c1:1",
    speaker: "Maria",
    text: "I donated my old car to the shelter",
    at: "2023-05-01T10:00:00Z",
  },
  ...Array.from({ length: 150 }, (_, i) => ({
    conversation: "c1",
    id: `c1:${i + 2}`,
    speaker: i % 2 ? "John" : "Maria",
    text: `Talked about the weather again, day ${i}`,
    at: START + (i + 1) * 3_600_000,
  })),
  { conversation: "c2", id: "c2:1", speaker: "Ana", text: "The invoice is overdue", at: START },
];
const questions = [
  { conversation: "c1", id: "q1", question: "When did Maria donate her car?", evidence: ["c1:1"] },
  { conversation: "c2", id: "q2", question: "Is the invoice overdue?" },
];

describe("cairn context eval", () => {
  it("prints one line per question with the message ids in its prompt and its tokens", async () => {
    const { code, out, err } = await runCli([
      "eval",
      "--messages",
      file("m.jsonl", messages),
      "--questions",
      file("q.jsonl", questions),
      "--budget",
      "400",
    ]);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const lines = out.map((line) => JSON.parse(line) as { id: string; included: string[]; tokens: number });
    expect(lines.map((line) => line.id)).toEqual(["q1", "q2"]);
    expect(Object.keys(lines[0]!)).toEqual(["id", "included", "tokens"]);
    expect(lines[0]!.included).toContain("c1:1");
    expect(lines[0]!.tokens).toBeLessThanOrEqual(400);
    // Conversations stay apart: c2's prompt holds only c2's message.
    expect(lines[1]!.included).toEqual(["c2:1"]);
  });

  it("answers --help and refuses bad options with the usage", async () => {
    const help = await runCli(["eval", "--help"]);
    expect(help.code).toBe(0);
    expect(help.out.join("\n")).toMatch(/--messages/);
    const bad = await runCli(["eval", "--messages", "x", "--questions", "y", "--budget", "ten"]);
    expect(bad.code).toBe(2);
    expect(bad.err.join("\n")).toMatch(/--budget must be a whole number/);
    const missing = await runCli(["eval", "--questions", "y"]);
    expect(missing.err.join("\n")).toMatch(/--messages needs a file/);
  });

  it("names the file, line and field of a bad line, and answers nothing", async () => {
    const { code, out, err } = await runCli([
      "eval",
      "--messages",
      file("bad.jsonl", [
        messages[0],
        { conversation: "c1", id: "x", speaker: "A", text: "hi", at: "yesterday" },
        "{not json",
      ]),
      "--questions",
      file("q2.jsonl", questions),
    ]);
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err.join("\n")).toMatch(/bad\.jsonl: line 2: at: /);
    expect(err.join("\n")).toMatch(/bad\.jsonl: line 3: not valid JSON/);
  });

  it("says which file it cannot read, without a stack trace", async () => {
    const { code, err } = await runCli([
      "eval",
      "--messages",
      path.join(dir, "nope.jsonl"),
      "--questions",
      "y",
    ]);
    expect(code).toBe(2);
    expect(err.join("\n")).toMatch(/cannot read .*nope\.jsonl: ENOENT/);
  });
});
