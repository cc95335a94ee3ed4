import { describe, expect, it } from "vitest";
import { runWith } from "../../../scripts/commands/mcp";

interface Sent {
  url: string;
  method: string;
  auth: string | null;
  body: unknown;
}

function cli(answer: { status?: number; body?: unknown } = {}, env: Record<string, string> = {}) {
  const requests: Sent[] = [];
  const out: string[] = [];
  const err: string[] = [];
  const deps = {
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      requests.push({
        url: String(input),
        method: init?.method ?? "GET",
        auth: new Headers(init?.headers).get("authorization"),
        body: init?.body ? JSON.parse(String(init.body)) : undefined,
      });
      const status = answer.status ?? 200;
      return new Response(status === 204 ? null : JSON.stringify(answer.body ?? {}), { status });
    }) as typeof globalThis.fetch,
    env: { CAIRN_ADMIN_TOKEN: "admin", CAIRN_URL: "http://127.0.0.1:8787", ...env } as Record<
      string,
      string | undefined
    >,
    out: (line: string) => out.push(line),
    err: (line: string) => err.push(line),
  };
  return { deps, requests, out, err };
}

const registered = {
  server: { name: "crm", url: "https://crm.example/mcp", hasToken: true, description: "" },
  next: "its tools are denied until the policy allows them",
};

describe("cairn mcp", () => {
  it("answers --help with the usage and calls nothing", async () => {
    for (const args of [["--help"], ["add", "--help"], ["list", "-h"], []]) {
      const { deps, out, err, requests } = cli();
      expect(await runWith(args, deps)).toBe(0);
      expect(out.join("\n")).toMatch(/^usage: npm run cairn -- mcp list/);
      expect(err).toEqual([]);
      expect(requests).toEqual([]);
    }
  });

  it("registers a server with the token read from the environment, never from the command line", async () => {
    const { deps, requests, out } = cli({ status: 201, body: registered }, { CRM_TOKEN: "tok-123" });
    const args = [
      "add",
      "crm",
      "https://crm.example/mcp",
      "--token-env",
      "CRM_TOKEN",
      "--description",
      "CRM",
    ];
    expect(await runWith(args, deps)).toBe(0);
    expect(requests).toEqual([
      {
        url: "http://127.0.0.1:8787/api/mcp-servers/crm",
        method: "PUT",
        auth: "Bearer admin",
        body: { url: "https://crm.example/mcp", token: "tok-123", description: "CRM" },
      },
    ]);
    expect(out.join("\n")).toMatch(
      /registered MCP server crm at https:\/\/crm\.example\/mcp\nits tools are denied/,
    );
  });

  it("lists and removes servers; a missing one exits 1", async () => {
    const listed = cli({ body: { servers: [registered.server] } });
    expect(await runWith(["list"], listed.deps)).toBe(0);
    expect(listed.out).toEqual(["crm  https://crm.example/mcp  token sealed", "1 MCP server(s)"]);
    const removed = cli({ status: 204 });
    expect(await runWith(["remove", "crm"], removed.deps)).toBe(0);
    expect(removed.requests[0]?.method).toBe("DELETE");
    const missing = cli({ status: 404, body: { error: "no such MCP server", field: "name" } });
    expect(await runWith(["remove", "crm"], missing.deps)).toBe(1);
    expect(missing.err).toEqual(["cairn mcp: no MCP server crm for this tenant"]);
  });

  it("refuses a user's mistake with a sentence and the usage, and sends nothing", async () => {
    const cases: Array<[string[], RegExp]> = [
      [["show"], /unknown subcommand "show"/],
      [["add"], /add needs the server's name/],
      [["add", "Bad_Name", "https://x.example"], /is not a server name/],
      [["add", "crm"], /add needs the server's URL/],
      [["add", "crm", "ftp://x.example"], /must be an http\(s\) URL/],
      [
        ["add", "crm", "https://x.example", "--token-env", "NOPE"],
        /NOPE: that environment variable is not set/,
      ],
      [["add", "crm", "https://x.example", "--token-env"], /--token-env needs a value/],
      [["remove", "crm", "--description", "x"], /--description is for mcp add/],
      [["list", "extra"], /unexpected argument extra/],
    ];
    for (const [args, message] of cases) {
      const { deps, err, requests } = cli();
      expect(await runWith(args, deps), args.join(" ")).toBe(2);
      expect(err.join("\n"), args.join(" ")).toMatch(message);
      expect(err.join("\n")).not.toMatch(/\n\s+at /);
      expect(requests).toEqual([]);
    }
  });

  it("passes on Cairn's refusal as one line", async () => {
    const { deps, err } = cli({
      status: 400,
      body: { error: "invalid url: use https (http only for localhost)" },
    });
    expect(await runWith(["add", "crm", "http://crm.example/mcp"], deps)).toBe(2);
    expect(err).toEqual(["cairn mcp: Cairn answered 400: invalid url: use https (http only for localhost)"]);
  });
});
