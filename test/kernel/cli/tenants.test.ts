import { describe, expect, it } from "vitest";
import { runWith } from "../../../scripts/commands/tenants";

const tenant = {
  id: "newco",
  name: "New Co Ltd",
  status: "active",
  createdAt: Date.parse("2026-12-07T10:00:00Z"),
};

function cli(answer: { status?: number; body: unknown }) {
  const requests: Array<{ url: string; method: string; auth: string | null; body: string | null }> = [];
  const out: string[] = [];
  const err: string[] = [];
  const deps = {
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      requests.push({
        url: String(input),
        method: init?.method ?? "GET",
        auth: new Headers(init?.headers).get("authorization"),
        body: typeof init?.body === "string" ? init.body : null,
      });
      return new Response(JSON.stringify(answer.body), { status: answer.status ?? 200 });
    }) as typeof globalThis.fetch,
    env: { CAIRN_URL: "http://127.0.0.1:8787", CAIRN_PLATFORM_TOKEN: "plat" } as Record<
      string,
      string | undefined
    >,
    out: (line: string) => out.push(line),
    err: (line: string) => err.push(line),
  };
  return { deps, requests, out, err };
}

describe("cairn tenants", () => {
  it("creates a tenant with the platform token and prints its admin token once", async () => {
    const run = cli({
      status: 201,
      body: { tenant, adminToken: "tok-123", agents: ["operations", "finance"] },
    });
    expect(await runWith(["create", "newco", "--name", "New Co Ltd"], run.deps)).toBe(0);
    expect(run.requests).toEqual([
      {
        url: "http://127.0.0.1:8787/platform/tenants",
        method: "POST",
        auth: "Bearer plat",
        body: JSON.stringify({ id: "newco", name: "New Co Ltd" }),
      },
    ]);
    expect(run.out).toEqual([
      "newco  active  created 2026-12-07T10:00:00.000Z  New Co Ltd",
      "agents: operations, finance",
      "admin token (shown once, Cairn keeps only its digest): tok-123",
    ]);
  });

  it("lists, suspends and resumes", async () => {
    const list = cli({ body: { tenants: [tenant] } });
    expect(await runWith(["list"], list.deps)).toBe(0);
    expect(list.requests[0]?.url).toBe("http://127.0.0.1:8787/platform/tenants?limit=500");
    expect(list.out).toEqual(["newco  active  created 2026-12-07T10:00:00.000Z  New Co Ltd"]);
    const resume = cli({ body: { tenant, queued: 3, remaining: 0 } });
    expect(await runWith(["resume", "newco"], resume.deps)).toBe(0);
    expect(resume.requests[0]).toMatchObject({
      url: "http://127.0.0.1:8787/platform/tenants/newco/resume",
      method: "POST",
    });
    expect(resume.out[1]).toBe("queued 3 parked event(s), 0 still parked");
  });

  it("says what is wrong in one line, before any request", async () => {
    for (const [args, message] of [
      [[], "name a command"],
      [["delete", "newco"], "unknown command delete"],
      [["create", "newco"], "create needs --name <name>"],
      [["suspend"], "suspend takes one tenant id"],
      [["list", "extra"], "unexpected argument extra"],
      [["show", "newco", "--name", "x"], "--name belongs to create"],
      [["show", "newco", "--colour"], "unknown option --colour"],
    ] as const) {
      const run = cli({ body: {} });
      expect(await runWith([...args], run.deps)).toBe(2);
      expect(run.err[0]?.split("\n")[0]).toBe(`cairn tenants: ${message}`);
      expect(run.requests).toEqual([]);
    }
    const noToken = cli({ body: {} });
    noToken.deps.env.CAIRN_PLATFORM_TOKEN = undefined;
    expect(await runWith(["list"], noToken.deps)).toBe(2);
    expect(noToken.err[0]?.split("\n")[0]).toBe(
      "cairn tenants: give the platform token (--platform-token or CAIRN_PLATFORM_TOKEN)",
    );
    const refused = cli({ status: 409, body: { error: "tenant newco exists already", field: "id" } });
    expect(await runWith(["create", "newco", "--name", "x"], refused.deps)).toBe(2);
    expect(refused.err).toEqual(["cairn tenants: Cairn answered 409: tenant newco exists already"]);
  });
});
