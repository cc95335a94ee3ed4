/**
 * LINE's pure parts: the signature against an independent HMAC (node:crypto), the retry key's
 * form, Flex cards within LINE's limits, the push client's answers mapped onto the outbox's
 * decisions, and the CLI's connect, info and test.
 */
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { lineMessage } from "../../../channels/line/messages";
import { lineRetryKey, sendLinePayload } from "../../../channels/line/messaging-api";
import { lineSignature, verifyLineSignature } from "../../../channels/line/signature";
import { runWith } from "../../../scripts/commands/channels";

const SECRET = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
const BODY = '{"destination":"U0123456789abcdef0123456789abcdef","events":[]}';

describe("LINE's signature", () => {
  it("is the base64 HMAC-SHA256 of the raw body under the channel secret", async () => {
    expect(await lineSignature(SECRET, BODY)).toBe(
      createHmac("sha256", SECRET).update(BODY).digest("base64"),
    );
  });

  it("verifies the exact body only, and tells a missing header from a wrong one", async () => {
    const signature = await lineSignature(SECRET, BODY);
    expect(await verifyLineSignature({ channelSecret: SECRET, signature, rawBody: BODY })).toEqual({
      ok: true,
    });
    expect(
      await verifyLineSignature({ channelSecret: SECRET, signature, rawBody: `${BODY}\n` }),
    ).toMatchObject({
      ok: false,
      missing: false,
    });
    expect(
      await verifyLineSignature({ channelSecret: "f".repeat(32), signature, rawBody: BODY }),
    ).toMatchObject({ ok: false, missing: false, reason: "signature does not match" });
    expect(
      await verifyLineSignature({ channelSecret: SECRET, signature: null, rawBody: BODY }),
    ).toMatchObject({
      ok: false,
      missing: true,
    });
    expect(
      await verifyLineSignature({ channelSecret: SECRET, signature: "abc", rawBody: BODY }),
    ).toMatchObject({
      ok: false,
      missing: true,
    });
  });
});

describe("LINE messages", () => {
  it("derives one UUID-form retry key per delivery part, the same on every retry", async () => {
    const key = await lineRetryKey("out_abc:0");
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await lineRetryKey("out_abc:0")).toBe(key);
    expect(await lineRetryKey("out_abc:1")).not.toBe(key);
  });

  it("sends plain text without buttons, and a Flex bubble with postback buttons within LINE's limits", () => {
    expect(lineMessage("hello", undefined)).toEqual({ type: "text", text: "hello" });
    const card = lineMessage(`Approval needed (prop_1) ${"x".repeat(600)}`, [
      [
        { text: "Approve this one right now", data: "p:prop_1:a" },
        { text: "Reject", data: "p:prop_1:r" },
      ],
    ]) as {
      type: string;
      altText: string;
      contents: { footer: { contents: Array<{ contents: unknown[] }> } };
    };
    expect(card.type).toBe("flex");
    expect(card.altText).toHaveLength(400);
    const buttons = card.contents.footer.contents[0]!.contents as Array<{ action: Record<string, string> }>;
    expect(buttons.map((b) => b.action)).toEqual([
      {
        type: "postback",
        label: "Approve this one rig",
        data: "p:prop_1:a",
        displayText: "Approve this one rig",
      },
      { type: "postback", label: "Reject", data: "p:prop_1:r", displayText: "Reject" },
    ]);
  });

  const target = (answer: () => Response, seen: Request[] = []) => ({
    apiBase: "https://api.line.me",
    token: "token-0123456789abcdefghij",
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      seen.push(new Request(input, init));
      return answer();
    }) as typeof fetch,
  });
  const message = {
    type: "message" as const,
    conversationId: "U4af4980629aaaaaaaaaaaaaaaaaaaaaa",
    text: "hi",
  };

  it("pushes with the bearer token and the retry key, and returns LINE's message id", async () => {
    const seen: Request[] = [];
    const id = await sendLinePayload(
      target(() => Response.json({ sentMessages: [{ id: "4680", quoteToken: "q" }] }), seen),
      message,
      "out_1:0",
    );
    expect(id).toBe("4680");
    expect(seen[0]!.url).toBe("https://api.line.me/v2/bot/message/push");
    expect(seen[0]!.headers.get("authorization")).toBe("Bearer token-0123456789abcdefghij");
    expect(seen[0]!.headers.get("x-line-retry-key")).toBe(await lineRetryKey("out_1:0"));
    expect(await seen[0]!.json()).toEqual({
      to: message.conversationId,
      messages: [{ type: "text", text: "hi" }],
    });
  });

  it("answers a press through the reply API with its reply token, and sends nothing for an edit", async () => {
    const seen: Request[] = [];
    await sendLinePayload(
      target(() => Response.json({ sentMessages: [] }), seen),
      { type: "callback_answer", callbackId: "rt-1", text: "ok" },
      "k",
    );
    expect(seen[0]!.url).toBe("https://api.line.me/v2/bot/message/reply");
    expect(await seen[0]!.json()).toEqual({ replyToken: "rt-1", messages: [{ type: "text", text: "ok" }] });
    const edits: Request[] = [];
    expect(
      await sendLinePayload(
        target(() => Response.json({}), edits),
        { type: "edit_message", conversationId: "c", platformMessageId: "9", text: "x" },
        "k",
      ),
    ).toBe("9");
    expect(edits).toHaveLength(0);
  });

  it("maps 409 to delivered, 429 to a wait (the monthly quota to a failure), 5xx to back-off, 400 to a failure", async () => {
    const outcome = (answer: () => Response) =>
      sendLinePayload(target(answer), message, "k").then(
        (id) => ({ delivered: id ?? null }),
        (error: { status: number; retryAfterSeconds?: number; retryable: boolean }) => ({
          status: error.status,
          retryAfterSeconds: error.retryAfterSeconds,
          retryable: error.retryable,
        }),
      );
    expect(
      await outcome(() => Response.json({ message: "The retry key is already accepted" }, { status: 409 })),
    ).toEqual({ delivered: null });
    expect(await outcome(() => Response.json({ message: "Too Many Requests" }, { status: 429 }))).toEqual({
      status: 429,
      retryAfterSeconds: 1,
      retryable: true,
    });
    expect(
      await outcome(() =>
        Response.json({ message: "You have reached your monthly limit." }, { status: 429 }),
      ),
    ).toMatchObject({ status: 429, retryable: false });
    expect(
      await outcome(() => Response.json({ message: "Internal Server Error" }, { status: 500 })),
    ).toMatchObject({ retryable: true });
    expect(
      await outcome(() => {
        throw new TypeError("reset");
      }),
    ).toMatchObject({ status: 599, retryable: true });
    expect(
      await outcome(() => Response.json({ message: "The request body has 1 error(s)" }, { status: 400 })),
    ).toMatchObject({ status: 400, retryable: false });
  });
});

describe("cairn channels line", () => {
  const TOKEN = "line-cli-access-token-0123456789";
  function peers(options: { cairnStatus?: number; testSuccess?: boolean } = {}) {
    const requests: Array<{ url: string; method: string; headers: Headers; body: unknown }> = [];
    const out: string[] = [];
    const err: string[] = [];
    const fakeFetch = (async (input: string | URL | Request, init?: RequestInit) => {
      const url = String(input);
      requests.push({
        url,
        method: init?.method ?? "GET",
        headers: new Headers(init?.headers),
        body: init?.body ? JSON.parse(String(init.body)) : undefined,
      });
      if (url.endsWith("/v2/bot/info"))
        return Response.json({
          userId: "U0123456789abcdef0123456789abcdef",
          basicId: "@123abcde",
          displayName: "Cairn",
          chatMode: "bot",
          markAsReadMode: "auto",
        });
      if (url.endsWith("/v2/bot/channel/webhook/endpoint"))
        return init?.method === "PUT"
          ? Response.json({})
          : Response.json({ endpoint: "https://cairn.example/webhooks/line/acme", active: true });
      if (url.endsWith("/v2/bot/channel/webhook/test"))
        return Response.json({
          success: options.testSuccess ?? true,
          timestamp: "2026-12-08T00:00:00Z",
          statusCode: 200,
          reason: "OK",
          detail: "200",
        });
      if (url.endsWith("/api/channels/line"))
        return new Response("{}", { status: options.cairnStatus ?? 200 });
      return Response.json({ message: "Not found" }, { status: 404 });
    }) as typeof fetch;
    const deps = {
      fetch: fakeFetch,
      env: { LINE_CHANNEL_ACCESS_TOKEN: TOKEN, LINE_CHANNEL_SECRET: SECRET, CAIRN_ADMIN_TOKEN: "admin" },
      out: (line: string) => out.push(line),
      err: (line: string) => err.push(line),
      secret: () => "unused",
    };
    return { deps, requests, out, err };
  }

  it("connect reads the bot, stores the channel, then sets the webhook URL", async () => {
    const { deps, requests, out } = peers();
    expect(
      await runWith(
        [
          "line",
          "connect",
          "--tenant",
          "acme",
          "--url",
          "https://cairn.example/",
          "--approver",
          "U4af4980629aaaaaaaaaaaaaaaaaaaaaa",
        ],
        deps,
      ),
    ).toBe(0);
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "GET https://api.line.me/v2/bot/info",
      "PUT https://cairn.example/api/channels/line",
      "PUT https://api.line.me/v2/bot/channel/webhook/endpoint",
    ]);
    expect(requests[1]!.body).toEqual({
      agentId: "operations",
      channelSecret: SECRET,
      channelAccessToken: TOKEN,
      botUserId: "U0123456789abcdef0123456789abcdef",
      approvers: ["U4af4980629aaaaaaaaaaaaaaaaaaaaaa"],
    });
    expect(requests[2]!.body).toEqual({ endpoint: "https://cairn.example/webhooks/line/acme" });
    expect(out.join("\n")).not.toContain(TOKEN);
    expect(out.join("\n")).not.toContain(SECRET);
  });

  it("does not set the webhook when Cairn refuses the channel; info and test report LINE's answers", async () => {
    const refused = peers({ cairnStatus: 403 });
    expect(
      await runWith(["line", "connect", "--tenant", "acme", "--url", "https://cairn.example"], refused.deps),
    ).toBe(1);
    expect(refused.requests.some((r) => r.url.endsWith("/webhook/endpoint"))).toBe(false);
    const { deps, out } = peers({ testSuccess: false });
    expect(await runWith(["line", "info", "--tenant", "acme"], deps)).toBe(0);
    expect(out.join("\n")).toMatch(
      /webhook: https:\/\/cairn.example\/webhooks\/line\/acme[\s\S]*in use:\s+yes/,
    );
    expect(await runWith(["line", "test", "--tenant", "acme"], deps)).toBe(1);
    expect(out.at(-1)).toMatch(/^failed: 200 OK/);
  });

  it("explains bad arguments with exit 2", async () => {
    const { deps, err, requests } = peers();
    expect(await runWith(["line", "connect", "--tenant", "acme"], deps)).toBe(2);
    expect(err.join("\n")).toMatch(/connect needs --url/);
    expect(
      await runWith(
        ["line", "connect", "--tenant", "acme", "--url", "https://c.example", "--approver", "bob"],
        deps,
      ),
    ).toBe(2);
    expect(await runWith(["line", "frob", "--tenant", "acme"], deps)).toBe(2);
    expect(requests).toHaveLength(0);
  });
});
