import { describe, expect, it } from "vitest";
import { runWith } from "../../../scripts/commands/status";

const at = Date.parse("2026-12-07T12:00:00Z");

const healthy = {
  tenant: "acme",
  at,
  channels: [{ id: "ch_1", platform: "telegram", agentId: "operations" }],
  agents: [
    {
      id: "operations",
      enabled: true,
      heartbeatAt: at - 5 * 60_000,
      nextCycleAt: at + 10 * 60_000,
      resumingCycle: null,
    },
    { id: "finance", enabled: false, heartbeatAt: null, nextCycleAt: null, resumingCycle: null },
  ],
  proposals: { pending: 2, byStatus: { pending: 2, executed: 7 } },
  outbox: { pending: 1, failed: 0, oldestPendingAt: at - 3 * 60_000 },
  deadLetters: { open: 0, oldestAt: null },
  spend: {
    todayMicros: 120_000,
    monthMicros: 4_500_000,
    dailyBudgetMicros: 2_000_000,
    monthlyBudgetMicros: null,
  },
};

function cli(answer: { status?: number; body: unknown } = { body: healthy }) {
  const requests: Array<{ url: string; method: string; auth: string | null }> = [];
  const out: string[] = [];
  const err: string[] = [];
  const deps = {
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      requests.push({
        url: String(input),
        method: init?.method ?? "GET",
        auth: new Headers(init?.headers).get("authorization"),
      });
      return new Response(JSON.stringify(answer.body), { status: answer.status ?? 200 });
    }) as typeof globalThis.fetch,
    env: { CAIRN_ADMIN_TOKEN: "admin" } as Record<string, string | undefined>,
    out: (line: string) => out.push(line),
    err: (line: string) => err.push(line),
  };
  return { deps, requests, out, err };
}

describe("cairn status", () => {
  it("prints one tenant at a glance and exits 0 when nothing needs attention", async () => {
    const { deps, out, err, requests } = cli();
    expect(await runWith(["--url", "http://cairn.test/"], deps)).toBe(0);
    expect(requests).toEqual([{ url: "http://cairn.test/api/status", method: "GET", auth: "Bearer admin" }]);
    expect(err).toEqual([]);
    expect(out).toEqual([
      "tenant acme at 2026-12-07T12:00:00.000Z",
      "channels: telegram (agent operations)",
      "agents:",
      "  operations: woke 5 min ago, next cycle 2026-12-07T12:10:00.000Z",
      "  finance: disabled",
      "proposals waiting for a person: 2",
      "outbox: 1 pending (oldest 3 min ago), 0 failed",
      "dead letters: 0",
      "spend: today $0.12 of $2.00, this month $4.50 no budget set",
      "nothing needs attention",
    ]);
  });

  it("exits 1 and names each thing that needs a person", async () => {
    const { deps, out } = cli({
      body: {
        ...healthy,
        agents: [{ ...healthy.agents[0], nextCycleAt: at - 30 * 60_000 }],
        outbox: { pending: 0, failed: 3, oldestPendingAt: null },
        deadLetters: { open: 2, oldestAt: at - 3_600_000 },
        spend: { ...healthy.spend, todayMicros: 2_000_000 },
      },
    });
    expect(await runWith(["--url", "http://cairn.test"], deps)).toBe(1);
    expect(out.at(-1)).toBe(
      [
        "needs attention:",
        "  - 2 dead letter(s) not replayed: npm run cairn -- dlq list",
        "  - 3 outbound message(s) failed for good",
        "  - agent operations: next cycle was due 30 min ago",
        "  - today's budget is spent ($2.00 of $2.00)",
      ].join("\n"),
    );
  });

  it("prints the answer as JSON with --json, keeping the exit status", async () => {
    const { deps, out } = cli();
    expect(await runWith(["--url", "http://cairn.test", "--json"], deps)).toBe(0);
    expect(JSON.parse(out.join("\n"))).toEqual(healthy);
  });

  it("refuses a user mistake or a refused request with one line and exit 2, never a stack trace", async () => {
    const cases: Array<[string[], { status?: number; body: unknown } | undefined, RegExp]> = [
      [[], undefined, /give the Worker's URL/],
      [["--url", "not a url"], undefined, /--url must be a URL/],
      [["--url", "http://x", "extra"], undefined, /unexpected argument extra/],
      [["--url", "http://x"], { status: 401, body: { error: "bad token" } }, /401|bad token/],
      [["--url", "http://x"], { body: { hello: "world" } }, /did not answer a status/],
    ];
    for (const [args, answer, message] of cases) {
      const { deps, err, out } = cli(answer);
      expect(await runWith(args, deps)).toBe(2);
      expect(err.join("\n")).toMatch(message);
      expect(err.join("\n")).not.toMatch(/\n\s+at /);
      expect(out).toEqual([]);
    }
  });
});
