import { describe, expect, it } from "vitest";
import { USAGE_METRICS } from "../../../db/queries/usage";
import { runWith } from "../../../scripts/commands/usage";

const zero = Object.fromEntries(USAGE_METRICS.map((metric) => [metric, 0]));
const report = {
  tenant: "acme",
  from: "2026-12-06",
  to: "2026-12-07",
  days: [
    {
      day: "2026-12-06",
      ...zero,
      messagesReceived: 12,
      turns: 11,
      modelCalls: 4,
      inputTokens: 5200,
      outputTokens: 610,
      modelCostMicros: 31_000,
      deliveries: 13,
      toolCalls: 3,
    },
    {
      day: "2026-12-07",
      ...zero,
      messagesReceived: 3,
      turns: 3,
      deliveries: 2,
      deliveriesFailed: 1,
      proposalsCreated: 1,
    },
  ],
  totals: {
    ...zero,
    messagesReceived: 15,
    turns: 14,
    modelCalls: 4,
    inputTokens: 5200,
    outputTokens: 610,
    modelCostMicros: 31_000,
    deliveries: 15,
    deliveriesFailed: 1,
    toolCalls: 3,
    proposalsCreated: 1,
  },
  notMetered: ["d1RowsRead", "d1RowsWritten"],
};

function cli(answer: { status?: number; body: unknown } = { body: report }) {
  const requests: string[] = [];
  const out: string[] = [];
  const err: string[] = [];
  const deps = {
    fetch: (async (input: string | URL | Request) => {
      requests.push(String(input));
      return new Response(JSON.stringify(answer.body), { status: answer.status ?? 200 });
    }) as typeof globalThis.fetch,
    env: { CAIRN_ADMIN_TOKEN: "admin", CAIRN_URL: "http://127.0.0.1:8787" } as Record<
      string,
      string | undefined
    >,
    out: (line: string) => out.push(line),
    err: (line: string) => err.push(line),
  };
  return { deps, requests, out, err };
}

describe("cairn usage", () => {
  it("asks for the range and prints a line per day with totals and what is not metered", async () => {
    const { deps, requests, out } = cli();
    expect(await runWith(["--from", "2026-12-06", "--to", "2026-12-07"], deps)).toBe(0);
    expect(requests).toEqual(["http://127.0.0.1:8787/api/usage?from=2026-12-06&to=2026-12-07"]);
    expect(out[0]).toBe("usage of tenant acme, 2026-12-06 to 2026-12-07 (UTC days)");
    expect(out[1]).toMatch(
      /^day\s+messages\s+turns\s+model calls\s+tokens in\/out\s+model cost\s+deliveries\s+failed\s+tool calls\s+proposals$/,
    );
    expect(out[2]!.split(/\s+/)).toEqual([
      "2026-12-06",
      "12",
      "11",
      "4",
      "5200/610",
      "$0.03",
      "13",
      "0",
      "3",
      "0",
    ]);
    expect(out[4]!.split(/\s+/)).toEqual([
      "total",
      "15",
      "14",
      "4",
      "5200/610",
      "$0.03",
      "15",
      "1",
      "3",
      "1",
    ]);
    expect(out[5]).toBe("not metered yet: d1RowsRead, d1RowsWritten");
  });

  it("prints every metric as CSV with --csv", async () => {
    const { deps, out } = cli();
    expect(await runWith(["--csv"], deps)).toBe(0);
    const lines = out.join("\n").split("\r\n");
    expect(lines[0]).toBe(
      "day,messages_received,turns,model_calls,input_tokens,cached_input_tokens,output_tokens,model_cost_micros,deliveries,deliveries_failed,tool_calls,tool_calls_denied,proposals_created,proposals_executed,agent_cycles",
    );
    expect(lines[2]).toBe("2026-12-07,3,3,0,0,0,0,0,2,1,0,0,1,0,0");
  });

  it("says what is wrong in one line for a user's mistake, and what Cairn answered", async () => {
    for (const [args, message] of [
      [["--from", "last-week"], "--from needs a day as YYYY-MM-DD"],
      [["--csv", "--json"], "choose one of --csv and --json"],
      [["--colour"], "unknown option --colour"],
      [["extra"], "unexpected argument extra"],
    ] as const) {
      const { deps, err, requests } = cli();
      expect(await runWith([...args], deps)).toBe(2);
      expect(err[0]?.split("\n")[0]).toBe(`cairn usage: ${message}`);
      expect(requests).toEqual([]);
    }
    const refused = cli({
      status: 400,
      body: { error: "invalid to: a report covers at most 366 days (asked 400)", field: "to" },
    });
    expect(await runWith(["--from", "2025-01-01"], refused.deps)).toBe(2);
    expect(refused.err).toEqual([
      "cairn usage: Cairn answered 400: invalid to: a report covers at most 366 days (asked 400)",
    ]);
    const garbled = cli({ body: { tenant: "acme" } });
    expect(await runWith([], garbled.deps)).toBe(2);
    expect(garbled.err[0]).toMatch(
      /^cairn usage: http:\/\/127\.0\.0\.1:8787\/api\/usage did not answer a usage report/,
    );
  });
});
