/**
 * The generic webhook's pure parts: its signature against an independent HMAC (node:crypto), the
 * window and the constant-time compare's answers, the callback's mapping of the receiver's
 * answers onto the outbox's decisions, typed approvals, and the CLI's connect.
 */
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseTextCommand } from "../../../channels/commands";
import { callbackBody, retryAfterSeconds, sendWebhookCallback } from "../../../channels/generic/callback";
import { verifyWebhookSignature, webhookSignature } from "../../../channels/generic/signature";
import { runWith } from "../../../scripts/commands/channels";

const SECRET = "whsec-kernel-0123456789abcdef-0123456789";
const BODY = '{"id":"evt_1","type":"message","conversation":{"id":"c"},"sender":{"id":"ada"},"text":"hi"}';

describe("the generic webhook signature", () => {
  it("is v1= and hex HMAC-SHA256 over `<timestamp>.<raw body>`, as docs/channels/webhook.md says", async () => {
    const expected = createHmac("sha256", SECRET).update(`1764000000.${BODY}`).digest("hex");
    expect(await webhookSignature(SECRET, "1764000000", BODY)).toBe(`v1=${expected}`);
  });

  it("verifies inside the window and names what is wrong otherwise", async () => {
    const signature = await webhookSignature(SECRET, "1764000000", BODY);
    const check = (over: Partial<Parameters<typeof verifyWebhookSignature>[0]>) =>
      verifyWebhookSignature({
        secret: SECRET,
        timestamp: "1764000000",
        signature,
        rawBody: BODY,
        nowSeconds: 1764000000,
        ...over,
      });
    expect(await check({})).toEqual({ ok: true });
    expect(await check({ nowSeconds: 1764000300 })).toEqual({ ok: true });
    expect(await check({ nowSeconds: 1764000301 })).toMatchObject({
      ok: false,
      missing: false,
      reason: expect.stringMatching(/five minutes/),
    });
    expect(await check({ nowSeconds: 1763999699 })).toMatchObject({ ok: false, missing: false });
    expect(await check({ rawBody: `${BODY} ` })).toMatchObject({
      ok: false,
      reason: "signature does not match",
    });
    expect(await check({ secret: `${SECRET}x` })).toMatchObject({
      ok: false,
      reason: "signature does not match",
    });
    expect(await check({ timestamp: null })).toMatchObject({ ok: false, missing: true });
    expect(await check({ timestamp: "17e8" })).toMatchObject({ ok: false, missing: true });
    expect(await check({ signature: signature.toUpperCase() })).toMatchObject({ ok: false, missing: true });
    expect(await check({ signature: signature.replace("v1=", "sha256=") })).toMatchObject({
      ok: false,
      missing: true,
    });
  });
});

describe("typed approvals", () => {
  it("reads `approve <id>` and `reject <id>` with or without the slash, and nothing looser", () => {
    expect(parseTextCommand("approve prop_7k2")).toEqual({ name: "approve", args: "prop_7k2" });
    expect(parseTextCommand("  Reject prop_7k2 ")).toEqual({ name: "reject", args: "prop_7k2" });
    expect(parseTextCommand("/approve prop_7k2")).toEqual({ name: "approve", args: "prop_7k2" });
    expect(parseTextCommand("I approve prop_7k2")).toBeUndefined();
    expect(parseTextCommand("approve of this plan")).toBeUndefined();
    expect(parseTextCommand("approve prop_7k2 and more")).toBeUndefined();
  });
});

describe("the callback sender", () => {
  const target = (answer: () => Response, seen: Request[] = []) => ({
    url: "https://hooks.example.test/cairn",
    secret: SECRET,
    now: () => 1764000000_000,
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      seen.push(new Request(input, init));
      return answer();
    }) as typeof fetch,
  });
  const message = { type: "message" as const, conversationId: "room-1", text: "hello" };

  it("signs the body it sends and uses the idempotency key as its id and header", async () => {
    const seen: Request[] = [];
    const id = await sendWebhookCallback(
      target(() => Response.json({ messageId: "m-9" }), seen),
      message,
      "out_1:0",
    );
    expect(id).toBe("m-9");
    const request = seen[0]!;
    const raw = await request.text();
    expect(JSON.parse(raw)).toEqual({
      id: "out_1:0",
      type: "message",
      conversation: "room-1",
      text: "hello",
    });
    expect(request.headers.get("idempotency-key")).toBe("out_1:0");
    expect(request.headers.get("x-cairn-timestamp")).toBe("1764000000");
    expect(request.headers.get("x-cairn-signature")).toBe(await webhookSignature(SECRET, "1764000000", raw));
  });

  it("falls back to its own id when the receiver names none", async () => {
    expect(
      await sendWebhookCallback(
        target(() => new Response(null, { status: 204 })),
        message,
        "out_2:0",
      ),
    ).toBe("out_2:0");
  });

  it("maps 429 to Retry-After, 5xx and network errors to back-off, 404 to gone, 400 to a failure", async () => {
    const fail = async (answer: () => Response) =>
      sendWebhookCallback(target(answer), message, "k").then(
        () => undefined,
        (error: { status: number; retryAfterSeconds?: number; retryable: boolean; gone: boolean }) => error,
      );
    expect(
      await fail(() => new Response("slow down", { status: 429, headers: { "retry-after": "7" } })),
    ).toMatchObject({
      status: 429,
      retryAfterSeconds: 7,
      retryable: true,
    });
    expect(await fail(() => new Response("", { status: 429 }))).toMatchObject({ retryAfterSeconds: 1 });
    expect(await fail(() => new Response("", { status: 502 }))).toMatchObject({
      retryable: true,
      gone: false,
    });
    expect(
      await fail(() => {
        throw new TypeError("connection refused");
      }),
    ).toMatchObject({ status: 599, retryable: true });
    expect(await fail(() => new Response("", { status: 410 }))).toMatchObject({
      retryable: false,
      gone: true,
    });
    expect(await fail(() => new Response("bad", { status: 400 }))).toMatchObject({
      retryable: false,
      gone: false,
    });
    expect(
      await fail(() => new Response(null, { status: 302, headers: { location: "https://elsewhere.test" } })),
    ).toMatchObject({ status: 302, retryable: false });
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    expect(retryAfterSeconds("30", 0)).toBe(30);
    expect(retryAfterSeconds(new Date(1764000060_000).toUTCString(), 1764000000_000)).toBe(60);
    expect(retryAfterSeconds("soon", 0)).toBeUndefined();
    expect(retryAfterSeconds(null, 0)).toBeUndefined();
  });

  it("writes an edit with its buttons list (empty takes them off) and a button answer by press id", () => {
    expect(
      callbackBody(
        { type: "edit_message", conversationId: "c", platformMessageId: "m-1", text: "done" },
        "k",
      ),
    ).toEqual({
      id: "k",
      type: "edit",
      conversation: "c",
      messageId: "m-1",
      text: "done",
      buttons: [],
    });
    expect(callbackBody({ type: "callback_answer", callbackId: "evt-4", text: "ok" }, "k")).toEqual({
      id: "k",
      type: "button_answer",
      button: "evt-4",
      text: "ok",
    });
  });
});

describe("cairn channels generic connect", () => {
  function peers(status = 200) {
    const requests: Array<{ url: string; headers: Headers; body: Record<string, unknown> }> = [];
    const out: string[] = [];
    const err: string[] = [];
    const deps = {
      fetch: (async (input: string | URL | Request, init?: RequestInit) => {
        requests.push({
          url: String(input),
          headers: new Headers(init?.headers),
          body: JSON.parse(String(init?.body)),
        });
        return new Response("{}", { status });
      }) as typeof fetch,
      env: { CAIRN_ADMIN_TOKEN: "admin" } as Record<string, string | undefined>,
      out: (line: string) => out.push(line),
      err: (line: string) => err.push(line),
      secret: () => "generated-secret-0123456789abcdef-0123",
    };
    return { deps, requests, out, err };
  }
  const args = [
    "generic",
    "connect",
    "--tenant",
    "acme",
    "--url",
    "https://cairn.example/",
    "--callback-url",
    "https://hooks.acme.test/cairn",
  ];

  it("stores the channel through the admin API and prints a generated secret once", async () => {
    const { deps, requests, out } = peers();
    expect(await runWith([...args, "--approver", "ada", "--approver", "grace"], deps)).toBe(0);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.url).toBe("https://cairn.example/api/channels/generic");
    expect(requests[0]!.headers.get("authorization")).toBe("Bearer admin");
    expect(requests[0]!.body).toEqual({
      agentId: "operations",
      signingSecret: "generated-secret-0123456789abcdef-0123",
      callbackUrl: "https://hooks.acme.test/cairn",
      approvers: ["ada", "grace"],
    });
    expect(out.join("\n")).toContain("https://cairn.example/webhooks/generic/acme");
    expect(out.filter((line) => line.includes("generated-secret"))).toHaveLength(1);
  });

  it("never prints a secret it was given", async () => {
    const { deps, out } = peers();
    deps.env.CAIRN_WEBHOOK_SECRET = SECRET;
    expect(await runWith(args, deps)).toBe(0);
    expect(out.join("\n")).not.toContain(SECRET);
  });

  it("explains bad arguments with exit 2 and a refusal with exit 1", async () => {
    const bad = peers();
    expect(await runWith([...args.slice(0, -1), "http://hooks.acme.test"], bad.deps)).toBe(2);
    expect(bad.err.join("\n")).toMatch(/invalid callbackUrl: an https:\/\/ URL[\s\S]*usage:/);
    expect(await runWith(["generic", "connect", "--tenant", "acme"], bad.deps)).toBe(2);
    expect(bad.requests).toHaveLength(0);
    const refused = peers(403);
    expect(await runWith(args, refused.deps)).toBe(1);
    expect(refused.err.join("\n")).toMatch(/refused the channel \(403\)/);
  });
});
