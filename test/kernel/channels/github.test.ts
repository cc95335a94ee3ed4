/**
 * GitHub's pure parts: the signature against GitHub's own published example, comment text that
 * pages nobody, the REST client's answers mapped onto the outbox's decisions, and the CLI's connect.
 */
import { describe, expect, it } from "vitest";
import { githubCommentBody, sendGithubPayload } from "../../../channels/github/rest-api";
import { githubSignature, verifyGithubSignature } from "../../../channels/github/signature";
import { runWith } from "../../../scripts/commands/channels";

describe("GitHub's webhook signature", () => {
  // docs.github.com, "Validating webhook deliveries": "Testing the webhook payload validation".
  const secret = "It's a Secret to Everybody";
  const payload = "Hello, World!";
  const published = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

  it("matches GitHub's published example", async () => {
    expect(await githubSignature(secret, payload)).toBe(published);
    expect(await verifyGithubSignature({ secret, signature: published, rawBody: payload })).toEqual({
      ok: true,
    });
  });

  it("refuses another body or secret, and tells a missing or malformed header apart", async () => {
    expect(
      await verifyGithubSignature({ secret, signature: published, rawBody: "Hello, World?" }),
    ).toMatchObject({ ok: false, missing: false });
    expect(
      await verifyGithubSignature({
        secret: "It's a secret to everybody",
        signature: published,
        rawBody: payload,
      }),
    ).toMatchObject({ ok: false, missing: false });
    expect(await verifyGithubSignature({ secret, signature: null, rawBody: payload })).toMatchObject({
      ok: false,
      missing: true,
    });
    expect(
      await verifyGithubSignature({
        secret,
        signature: published.replace("sha256=", "sha1="),
        rawBody: payload,
      }),
    ).toMatchObject({ ok: false, missing: true });
  });
});

describe("GitHub comments", () => {
  it("shows mentions in code, so an answer pages nobody, and leaves e-mail addresses alone", () => {
    expect(githubCommentBody("ask @octocat or @acme/team, mail ops@acme.test")).toBe(
      "ask `@octocat` or `@acme`/team, mail ops@acme.test",
    );
    expect(githubCommentBody("`@already` quoted")).toBe("`@already` quoted");
  });

  const target = (answer: () => Response, seen: Request[] = []) => ({
    apiBase: "https://api.github.com",
    token: "ghp_kernelToken0123456789abcdef",
    now: () => 1_764_000_000_000,
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      seen.push(new Request(input, init));
      return answer();
    }) as typeof fetch,
  });
  const message = { type: "message" as const, conversationId: "acme/widgets#12", text: "hello" };

  it("creates a comment on the issue with the token, the API version and a User-Agent", async () => {
    const seen: Request[] = [];
    expect(
      await sendGithubPayload(
        target(() => Response.json({ id: 77 }, { status: 201 }), seen),
        message,
      ),
    ).toBe("77");
    expect(seen[0]!.method).toBe("POST");
    expect(seen[0]!.url).toBe("https://api.github.com/repos/acme/widgets/issues/12/comments");
    expect(seen[0]!.headers.get("authorization")).toBe("Bearer ghp_kernelToken0123456789abcdef");
    expect(seen[0]!.headers.get("x-github-api-version")).toBe("2022-11-28");
    expect(seen[0]!.headers.get("user-agent")).toBeTruthy();
    expect(await seen[0]!.json()).toEqual({ body: "hello" });
    const edits: Request[] = [];
    await sendGithubPayload(
      target(() => Response.json({ id: 77 }), edits),
      {
        type: "edit_message",
        conversationId: "acme/widgets#12",
        platformMessageId: "77",
        text: "decided",
      },
    );
    expect(`${edits[0]!.method} ${edits[0]!.url}`).toBe(
      "PATCH https://api.github.com/repos/acme/widgets/issues/comments/77",
    );
  });

  it("maps rate limits to waits, 5xx to back-off, 404 to gone, 403 and 422 to failures", async () => {
    const outcome = (answer: () => Response) =>
      sendGithubPayload(target(answer), message).then(
        () => "delivered",
        (error: { status: number; retryAfterSeconds?: number; retryable: boolean; gone: boolean }) => ({
          status: error.status,
          wait: error.retryAfterSeconds,
          retryable: error.retryable,
          gone: error.gone,
        }),
      );
    expect(
      await outcome(() =>
        Response.json({ message: "secondary rate limit" }, { status: 403, headers: { "retry-after": "30" } }),
      ),
    ).toEqual({ status: 429, wait: 30, retryable: true, gone: false });
    expect(
      await outcome(() =>
        Response.json(
          { message: "API rate limit exceeded" },
          { status: 403, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1764000090" } },
        ),
      ),
    ).toEqual({ status: 429, wait: 90, retryable: true, gone: false });
    expect(await outcome(() => Response.json({ message: "slow down" }, { status: 429 }))).toMatchObject({
      status: 429,
      wait: 60,
    });
    expect(await outcome(() => Response.json({ message: "Server Error" }, { status: 502 }))).toMatchObject({
      retryable: true,
      gone: false,
    });
    expect(await outcome(() => Response.json({ message: "Not Found" }, { status: 404 }))).toMatchObject({
      retryable: false,
      gone: true,
    });
    expect(
      await outcome(() =>
        Response.json({ message: "Resource not accessible by integration" }, { status: 403 }),
      ),
    ).toMatchObject({ status: 403, retryable: false });
    expect(
      await outcome(() => Response.json({ message: "Validation Failed" }, { status: 422 })),
    ).toMatchObject({ status: 422, retryable: false });
  });
});

describe("cairn channels github connect", () => {
  const TOKEN = "ghp_cliToken0123456789abcdefABCD";
  function peers(cairnStatus = 200) {
    const requests: Array<{ url: string; method: string; headers: Headers; body: unknown }> = [];
    const out: string[] = [];
    const err: string[] = [];
    const deps = {
      fetch: (async (input: string | URL | Request, init?: RequestInit) => {
        const url = String(input);
        requests.push({
          url,
          method: init?.method ?? "GET",
          headers: new Headers(init?.headers),
          body: init?.body ? JSON.parse(String(init.body)) : undefined,
        });
        if (url.endsWith("/user")) return Response.json({ login: "cairn-bot", id: 99, type: "User" });
        if (url.endsWith("/api/channels/github")) return new Response("{}", { status: cairnStatus });
        if (url.endsWith("/repos/acme/widgets/hooks"))
          return Response.json({ id: 1, active: true }, { status: 201 });
        return Response.json({ message: "Not Found" }, { status: 404 });
      }) as typeof fetch,
      env: { GITHUB_TOKEN: TOKEN, CAIRN_ADMIN_TOKEN: "admin" } as Record<string, string | undefined>,
      out: (line: string) => out.push(line),
      err: (line: string) => err.push(line),
      secret: () => "generated-hook-secret-0123456789",
    };
    return { deps, requests, out, err };
  }
  const args = [
    "github",
    "connect",
    "--tenant",
    "acme",
    "--url",
    "https://cairn.example",
    "--repo",
    "acme/widgets",
  ];

  it("stores the channel, then creates the repository's hook with the same secret for issue_comment", async () => {
    const { deps, requests, out } = peers();
    expect(await runWith([...args, "--approver", "octocat"], deps)).toBe(0);
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "GET https://api.github.com/user",
      "PUT https://cairn.example/api/channels/github",
      "POST https://api.github.com/repos/acme/widgets/hooks",
    ]);
    expect(requests[1]!.body).toEqual({
      agentId: "operations",
      webhookSecret: "generated-hook-secret-0123456789",
      token: TOKEN,
      botLogin: "cairn-bot",
      approvers: ["octocat"],
    });
    expect(requests[2]!.body).toEqual({
      name: "web",
      active: true,
      events: ["issue_comment"],
      config: {
        url: "https://cairn.example/webhooks/github/acme",
        content_type: "json",
        secret: "generated-hook-secret-0123456789",
        insecure_ssl: "0",
      },
    });
    expect(out.join("\n")).not.toContain("generated-hook-secret");
    expect(out.join("\n")).not.toContain(TOKEN);
  });

  it("creates no hook when Cairn refuses, and explains bad arguments with exit 2", async () => {
    const refused = peers(403);
    expect(await runWith(args, refused.deps)).toBe(1);
    expect(refused.requests.some((r) => r.url.endsWith("/hooks"))).toBe(false);
    const bad = peers();
    expect(
      await runWith(
        ["github", "connect", "--tenant", "acme", "--url", "https://c.example", "--repo", "widgets"],
        bad.deps,
      ),
    ).toBe(2);
    expect(bad.err.join("\n")).toMatch(/invalid repo: owner\/name[\s\S]*usage:/);
    expect(bad.requests).toHaveLength(0);
  });
});
