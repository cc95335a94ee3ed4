import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseTaskLines } from "../../../kernel/routing/task-lines";
import { run } from "../../../scripts/commands/route";

function tasksFile(lines: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), "cairn-route-"));
  const file = path.join(dir, "tasks.jsonl");
  writeFileSync(file, lines.join("\n"));
  return file;
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, "log").mockImplementation((line: string) => out.push(line));
  vi.spyOn(console, "error").mockImplementation((line: string) => err.push(line));
  return { out, err };
}

afterEach(() => vi.restoreAllMocks());

describe("task lines", () => {
  it("names the line and field of each bad line and keeps the good ones", () => {
    const { tasks, problems, warnings } = parseTaskLines(
      [
        '{"id":"t1","agent_role":"sales","text":"ping"}',
        "",
        '{"id":"t2","agent_role":"sales","text":"hi","tools":"crm"}',
        "{oops",
        '{"id":3,"agent_role":"crm","text":"Tag this lead","context_tokens":1.5}',
        '{"id":4,"agent_role":"crm","text":"Tag this lead","label_tier":1,"contxt":9}',
      ].join("\n"),
    );
    expect(tasks.map((task) => [task.id, task.line])).toEqual([
      ["t1", 1],
      ["4", 6],
    ]);
    expect(tasks[1]?.annotations).toEqual({ label_tier: 1, contxt: 9 });
    expect(problems.map((problem) => problem.message)).toEqual([
      expect.stringMatching(/^line 3: tools: /),
      expect.stringMatching(/^line 4: not valid JSON/),
      expect.stringMatching(/^line 5: context_tokens: /),
    ]);
    expect(warnings).toEqual(['line 6: ignoring unknown field "contxt"']);
  });
});

describe("cairn route --json", () => {
  it("writes one JSON line per task with tier and reason, from the kernel router", async () => {
    const file = tasksFile([
      '{"id":"h","agent_role":"operations","text":"Are you up?"}',
      '{"id":"c","agent_role":"finance","text":"Categorise these card transactions","tools":["ledger"]}',
      '{"id":"f","agent_role":"finance","text":"Forecast cash runway under three hiring scenarios for the board meeting","context_tokens":12000}',
    ]);
    const { out, err } = capture();
    expect(await run(["--json", file])).toBe(0);
    expect(err).toEqual([]);
    const rows = out.map(
      (line) => JSON.parse(line) as { id: string; tier: number; reason: string; handler?: string },
    );
    expect(rows.map((row) => [row.id, row.tier])).toEqual([
      ["h", 0],
      ["c", 1],
      ["f", 4],
    ]);
    expect(rows[0]?.handler).toBe("health_check");
    expect(rows[2]?.reason).toMatch(/deep reasoning/);
  });

  it("reports bad lines on stderr, still routes the good ones, and exits 1", async () => {
    const file = tasksFile([
      '{"id":"ok","agent_role":"crm","text":"thanks"}',
      '{"id":"bad","agent_role":"crm"}',
    ]);
    const { out, err } = capture();
    expect(await run(["--json", file])).toBe(1);
    expect(out).toHaveLength(1);
    expect(err).toEqual([expect.stringMatching(/line 2: text:/)]);
  });

  it("caps tiers with --max-tier and refuses bad usage with exit 2", async () => {
    const file = tasksFile([
      '{"id":"x","agent_role":"development","text":"Design the architecture for multi-region failover"}',
    ]);
    const { out } = capture();
    expect(await run(["--json", "--max-tier", "2", file])).toBe(0);
    expect(JSON.parse(out[0] ?? "{}").tier).toBe(2);
    expect(await run(["--json"])).toBe(2);
    expect(await run(["--max-tier", "7", file])).toBe(2);
  });
});
