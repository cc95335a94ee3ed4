import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { run } from "../../../scripts/commands/dedup";

function writeEvents(lines: string[]): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "cairn-dedup-")), "events.jsonl");
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
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

const events = [
  {
    id: "m1",
    layer: "channel",
    tenant: "acme",
    text: "Skip at 14 Elm Road is full, can someone book a swap",
    key: "U1",
    at: "2026-11-23T09:00:00Z",
  },
  {
    id: "m2",
    layer: "channel",
    tenant: "acme",
    text: "Skip at 14 Elm Road is full, can someone book a swap",
    key: "U1",
    at: "2026-11-23T09:00:04Z",
  },
  {
    id: "m3",
    layer: "channel",
    tenant: "bolt",
    text: "Skip at 14 Elm Road is full, can someone book a swap",
    key: "U1",
    at: "2026-11-23T09:00:05Z",
  },
  {
    id: "t1",
    layer: "task",
    tenant: "acme",
    text: "Chase Mrs Okafor for invoice INV-1042",
    key: "overdue:INV-1042",
    at: "2026-11-23T10:00:00Z",
  },
  {
    id: "t2",
    layer: "task",
    tenant: "acme",
    text: "Remind Mrs Okafor about INV-1042",
    key: "overdue:INV-1042",
    at: 1795438800000,
    expected: "dup",
  },
  {
    id: "p1",
    layer: "proposal",
    tenant: "acme",
    text: '{"version":"v2.1.0"}',
    key: "deploy",
    entity: "app:website",
    at: "2026-11-23T11:00:00Z",
  },
].map((event) => JSON.stringify(event));

describe("cairn dedup --json", () => {
  it("answers one JSON line per event, new or duplicate of an earlier id, per tenant", async () => {
    const { code, out } = await runCli(["--json", writeEvents(events)]);
    expect(code).toBe(0);
    const verdicts = out.map(
      (line) => JSON.parse(line) as { id: string; duplicate: boolean; of?: string; reason: string },
    );
    expect(verdicts.map((v) => [v.id, v.duplicate, v.of])).toEqual([
      ["m1", false, undefined],
      ["m2", true, "m1"],
      ["m3", false, undefined],
      ["t1", false, undefined],
      ["t2", true, "t1"],
      ["p1", false, undefined],
    ]);
    expect(verdicts[1]?.reason).toMatch(/redelivery/);
  });

  it("refuses a file with a bad line, naming the line and the field, and answers nothing", async () => {
    const bad = [
      events[0]!,
      JSON.stringify({ id: "x", layer: "tasks", tenant: "acme", text: "", at: "2026-11-23T09:00:00Z" }),
      JSON.stringify({ id: "y", layer: "task", text: "", at: "2026-11-23T09:00:00Z" }),
      JSON.stringify({ id: "z", layer: "task", tenant: "acme", text: "", at: "yesterday" }),
      "{not json",
      events[0]!,
    ];
    const { code, out, err } = await runCli(["--json", writeEvents(bad)]);
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err.join("\n")).toMatch(/line 2: layer: Invalid option/);
    expect(err.join("\n")).toMatch(/line 3: tenant: is required/);
    expect(err.join("\n")).toMatch(/line 4: at: must be an ISO 8601 date-time/);
    expect(err.join("\n")).toMatch(/line 5: \(line\): not valid JSON/);
    expect(err.join("\n")).toMatch(/line 6: id: "m1" is already used on line 1/);
  });

  it("explains its usage when the file is missing", async () => {
    const { code, err } = await runCli(["--json"]);
    expect(code).toBe(2);
    expect(err.join("\n")).toMatch(/usage:/);
  });

  it("takes thresholds from a config file", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cairn-dedup-"));
    const config = path.join(dir, "config.json");
    writeFileSync(config, JSON.stringify({ task: { shingleJaccard: 2 } }));
    const { code, err } = await runCli(["--json", "--config", config, writeEvents(events)]);
    expect(code).toBe(2);
    expect(err.join("\n")).toMatch(/task\.shingleJaccard/);
  });
});
