import { describe, expect, it } from "vitest";
import { runWith } from "../../../scripts/commands/dlq";

const row = {
  id: "dl_1",
  tenantId: "acme",
  source: "thread",
  messageKey: "telegram:update:3",
  threadId: "acme:telegram:42",
  queue: null,
  body: {},
  error: "agents/operations: id: Invalid input",
  attempts: 4,
  createdAt: Date.parse("2026-12-07T12:00:00Z"),
  replayedAt: null,
};

function cli(answer: { status?: number; body: unknown } | Error = { body: { deadLetters: [row] } }) {
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
      if (answer instanceof Error) throw answer;
      return new Response(JSON.stringify(answer.body), { status: answer.status ?? 200 });
    }) as typeof globalThis.fetch,
    env: { CAIRN_ADMIN_TOKEN: "admin" } as Record<string, string | undefined>,
    out: (line: string) => out.push(line),
    err: (line: string) => err.push(line),
  };
  return { deps, requests, out, err };
}

describe("cairn dlq", () => {
  it("answers --help with the usage, on its own and after a subcommand", async () => {
    for (const args of [["--help"], ["list", "--help"], ["replay", "--help"], []]) {
      const { deps, out, err, requests } = cli();
      expect(await runWith(args, deps)).toBe(0);
      expect(out.join("\n")).toMatch(/dlq replay <id>/);
      expect(err).toEqual([]);
      expect(requests).toEqual([]);
    }
  });

  it("refuses a user mistake with a message and the usage, never a stack trace", async () => {
    const cases: Array<[string[], RegExp]> = [
      [["show"], /unknown subcommand "show"/],
      [["list"], /give the Worker's URL/],
      [["list", "--url"], /--url needs a value/],
      [["list", "--url", "not a url"], /--url must be a URL/],
      [["list", "--url", "http://x", "--colour"], /unknown option --colour/],
      [["replay", "--url", "http://x"], /replay needs the dead letter's id/],
      [["replay", "../x", "--url", "http://x"], /is not a dead letter id/],
      [["list", "extra", "--url", "http://x"], /unexpected argument extra/],
    ];
    for (const [args, message] of cases) {
      const { deps, err, requests } = cli();
      expect(await runWith(args, deps)).toBe(2);
      expect(err.join("\n")).toMatch(message);
      expect(err.join("\n")).not.toMatch(/\n\s+at /);
      expect(requests).toEqual([]);
    }
  });

  it("lists the tenant's dead letters with the admin token", async () => {
    const { deps, out, requests } = cli();
    expect(await runWith(["list", "--url", "http://cairn.test/"], deps)).toBe(0);
    expect(requests).toEqual([
      { url: "http://cairn.test/api/dead-letters", method: "GET", auth: "Bearer admin" },
    ]);
    expect(out[0]).toMatch(
      /^dl_1 {2}2026-12-07T12:00:00.000Z {2}thread {2}acme:telegram:42 {2}telegram:update:3 {2}4 attempt/,
    );
    expect(out.at(-1)).toBe("1 dead letter(s)");
  });

  it("replays one by id, and says so plainly when Cairn has no such id", async () => {
    const ok = cli({
      status: 202,
      body: { replayed: { id: "dl_1", threadId: "acme:telegram:42", dedupKey: "k" } },
    });
    expect(await runWith(["replay", "dl_1", "--url", "http://x"], ok.deps)).toBe(0);
    expect(ok.requests[0]).toMatchObject({ url: "http://x/api/dead-letters/dl_1/replay", method: "POST" });
    expect(ok.out).toEqual(["replayed dl_1 into thread acme:telegram:42"]);

    const missing = cli({ status: 404, body: { error: "no such dead letter", field: "id" } });
    expect(await runWith(["replay", "dl_2", "--url", "http://x"], missing.deps)).toBe(1);
    expect(missing.err).toEqual(["cairn dlq: no dead letter dl_2 for this tenant"]);

    const down = cli(new TypeError("fetch failed"));
    expect(await runWith(["list", "--url", "http://x"], down.deps)).toBe(2);
    expect(down.err).toEqual(["cairn dlq: could not reach http://x: fetch failed"]);
  });
});
