import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AgentDefinitionError, parseAgentDefinition } from "../../../kernel/agents/load";

const agentsDir = path.join(import.meta.dirname, "../../../agents");

const minimal = `id: finance
name: Finance
role: Bookkeeper
instructions: Chase overdue invoices.
max_tier: T2
tools: [shell, send_message]
schedule: {every: 15m}
`;

function problemsOf(text: string, fileName = "agents/finance.yaml"): string {
  try {
    parseAgentDefinition(text, fileName);
  } catch (error) {
    expect(error).toBeInstanceOf(AgentDefinitionError);
    return (error as AgentDefinitionError).message;
  }
  throw new Error("expected the definition to be refused");
}

describe("reference agents", () => {
  const files = readdirSync(agentsDir).filter((name) => name.endsWith(".yaml"));

  it("ships the eight agents of a small design-and-build company", () => {
    expect(files.map((name) => name.replace(/\.yaml$/, "")).sort()).toEqual([
      "business-intelligence",
      "crm",
      "development",
      "finance",
      "marketing",
      "operations",
      "safety",
      "sales",
    ]);
  });

  it.each(files)("%s is valid and its id matches its file name", (file) => {
    const definition = parseAgentDefinition(readFileSync(path.join(agentsDir, file), "utf8"), file);
    expect(definition.id).toBe(file.replace(/\.yaml$/, ""));
  });

  it.each(["finance.yaml", "operations.yaml"])("%s can be seeded into the demo tenant", (file) => {
    const definition = parseAgentDefinition(readFileSync(path.join(agentsDir, file), "utf8"), file);
    expect(definition.tools).toEqual(["shell", "send_message"]);
    expect(definition.schedule).toHaveProperty("every");
  });
});

describe("parseAgentDefinition", () => {
  it("fills defaults and keeps the YAML's shape", () => {
    const definition = parseAgentDefinition(minimal, "agents/finance.yaml");
    expect(definition).toMatchObject({ id: "finance", max_tier: "T2", channels: [], discovery: [] });
    expect(definition.schedule).toEqual({ every: "15m" });
  });

  it("refuses a misspelt top-level key, naming file and key", () => {
    expect(problemsOf(`${minimal}shedule: {every: 1h}\n`)).toBe("agents/finance.yaml: shedule: unknown key");
  });

  it("refuses an unknown key inside a nested object with its full path", () => {
    const text = `${minimal}policy:\n  shell:\n    alow: ["ls"]\n`;
    expect(problemsOf(text)).toBe("agents/finance.yaml: policy.shell.alow: unknown key");
  });

  it("refuses a schedule with both or neither of every and cron", () => {
    const both = minimal.replace("{every: 15m}", '{every: 15m, cron: "0 8 * * *"}');
    expect(problemsOf(both)).toMatch(/schedule: must have exactly one of "every".*"cron"/);
    expect(problemsOf(minimal.replace("{every: 15m}", "{}"))).toMatch(/schedule: must have exactly one/);
  });

  it("refuses an unknown key inside the schedule", () => {
    const text = minimal.replace("{every: 15m}", "{every: 15m, jitter: 5s}");
    expect(problemsOf(text)).toBe("agents/finance.yaml: schedule.jitter: unknown key");
  });

  it("refuses intervals shorter than a minute and malformed durations", () => {
    expect(problemsOf(minimal.replace("15m", "30s"))).toMatch(/schedule\.every: must be at least 1m/);
    expect(problemsOf(minimal.replace("15m", "quarter-hour"))).toMatch(/schedule\.every: must be a duration/);
  });

  it("refuses a cron expression croner cannot parse, and a six-field one", () => {
    expect(problemsOf(minimal.replace("{every: 15m}", '{cron: "0 8 * *"}'))).toMatch(
      /schedule\.cron: is not a valid cron schedule/,
    );
    expect(problemsOf(minimal.replace("{every: 15m}", '{cron: "0 0 8 * * 1-5"}'))).toMatch(/schedule\.cron/);
  });

  it("refuses an unknown timezone", () => {
    const text = minimal.replace("{every: 15m}", '{cron: "0 8 * * 1-5", timezone: "Mars/Olympus"}');
    expect(problemsOf(text)).toMatch(/schedule\.cron: .*Mars\/Olympus/);
  });

  it("refuses a tier outside T0..T4 and a tool listed twice", () => {
    expect(problemsOf(minimal.replace("T2", "T5"))).toMatch(/max_tier: Invalid option/);
    expect(problemsOf(minimal.replace("[shell, send_message]", "[shell, shell]"))).toMatch(
      /tools: lists a tool twice/,
    );
  });

  it("names the index of a bad discovery source", () => {
    const text = `${minimal}discovery:\n  - kind: stale_tasks\n    older_than: 1d\n  - kind: http\n    url: http://example.com/feed\n    format: rss\n`;
    expect(problemsOf(text)).toBe("agents/finance.yaml: discovery[1].url: must be an https URL");
  });

  it("reports every bad field at once", () => {
    const text = minimal.replace("T2", "T9").replace("Bookkeeper", "");
    const message = problemsOf(text);
    expect(message).toMatch(/max_tier/);
    expect(message).toMatch(/role/);
  });

  it("refuses a key written twice and malformed YAML with its line", () => {
    expect(problemsOf(`${minimal}id: other\n`)).toMatch(
      /^agents\/finance\.yaml: line 8: Map keys must be unique$/,
    );
    expect(problemsOf("id: [finance\nname: x\n")).toMatch(/^agents\/finance\.yaml: line \d+: /);
  });

  it("refuses a document that is not a mapping", () => {
    expect(problemsOf("- finance\n- crm\n")).toMatch(/\(top level\): .*expected object/);
  });
});
