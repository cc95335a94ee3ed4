import { describe, expect, it } from "vitest";
import { runWith } from "../../../scripts/commands/audit";

const report = (ok: boolean) => ({
  tenantId: "acme",
  ok,
  entries: 4,
  chained: 3,
  unchained: 1,
  chainStartedAt: 1,
  chains: [{ writer: "thread:acme:telegram:1", entries: 3, lastSeq: 3, anchoredSeq: 3, ok }],
  breaks: ok
    ? []
    : [
        {
          kind: "edited",
          writer: "thread:acme:telegram:1",
          seq: 2,
          id: "aud_2",
          detail: "the row's content no longer matches its hash",
        },
      ],
});

function cli(answer: { status?: number; body: unknown } | Error = { body: report(true) }) {
  const requests: Array<{ url: string; auth: string | null }> = [];
  const out: string[] = [];
  const err: string[] = [];
  const deps = {
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      requests.push({ url: String(input), auth: new Headers(init?.headers).get("authorization") });
      if (answer instanceof Error) throw answer;
      return new Response(JSON.stringify(answer.body), { status: answer.status ?? 200 });
    }) as typeof globalThis.fetch,
    env: { CAIRN_ADMIN_TOKEN: "admin" } as Record<string, string | undefined>,
    out: (line: string) => out.push(line),
    err: (line: string) => err.push(line),
  };
  return { deps, requests, out, err };
}

describe("cairn audit", () => {
  it("answers --help with the usage, on its own and after verify", async () => {
    for (const args of [["--help"], ["verify", "--help"], []]) {
      const { deps, out, err, requests } = cli();
      expect(await runWith(args, deps)).toBe(0);
      expect(out.join("\n")).toMatch(/audit verify --url/);
      expect(err).toEqual([]);
      expect(requests).toEqual([]);
    }
  });

  it("refuses a user mistake with a message and the usage, never a stack trace", async () => {
    const cases: Array<[string[], RegExp]> = [
      [["check"], /unknown subcommand "check"/],
      [["verify"], /give the Worker's URL with --url/],
      [["verify", "--url"], /--url needs a value/],
      [["verify", "--url", "not a url"], /--url must be a URL/],
      [["verify", "--url", "http://x", "--colour"], /unknown option --colour/],
    ];
    for (const [args, message] of cases) {
      const { deps, err, requests } = cli();
      expect(await runWith(args, deps)).toBe(2);
      expect(err.join("\n")).toMatch(message);
      expect(err.join("\n")).toMatch(/usage:/);
      expect(err.join("\n")).not.toMatch(/\n\s+at /);
      expect(requests).toEqual([]);
    }
    const { deps, err } = cli();
    deps.env = {};
    expect(await runWith(["verify", "--url", "http://x"], deps)).toBe(2);
    expect(err.join("\n")).toMatch(/give an admin token/);
  });

  it("asks GET /api/audit/verify with the admin token and exits 0 when every chain is intact", async () => {
    const { deps, requests, out } = cli();
    expect(await runWith(["verify", "--url", "https://cairn.example/"], deps)).toBe(0);
    expect(requests).toEqual([{ url: "https://cairn.example/api/audit/verify", auth: "Bearer admin" }]);
    expect(out.at(-1)).toBe("every chain is intact");
  });

  it("prints each break with its kind, chain, seq and row, and exits 1", async () => {
    const { deps, out } = cli({ body: report(false) });
    expect(await runWith(["verify", "--url", "http://127.0.0.1:8787", "--admin-token", "t"], deps)).toBe(1);
    expect(out).toContain(
      "  edited thread:acme:telegram:1 seq 2 row aud_2: the row's content no longer matches its hash",
    );
    const json = cli({ body: report(false) });
    expect(await runWith(["verify", "--url", "http://x", "--json"], json.deps)).toBe(1);
    expect(JSON.parse(json.out[0]!)).toEqual(report(false));
  });

  it("says what Cairn answered when it refuses, and when it cannot be reached", async () => {
    const refused = cli({ status: 403, body: { error: "invalid token" } });
    expect(await runWith(["verify", "--url", "http://x"], refused.deps)).toBe(2);
    expect(refused.err).toEqual(["cairn audit: Cairn answered 403: invalid token"]);
    const down = cli(new TypeError("fetch failed"));
    expect(await runWith(["verify", "--url", "http://x"], down.deps)).toBe(2);
    expect(down.err).toEqual(["cairn audit: could not reach http://x: fetch failed"]);
  });
});
