/**
 * Both ingress guard backends through one contract (ingress-contract.ts): the embedded
 * IngressLimiter objects in workerd, and Upstash Redis faked at its REST shapes with MSW. Then
 * what only the hosted one has: its request shapes, and falling back to the embedded guard when
 * Upstash cannot be reached.
 */
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingressLimiterStub } from "../../../durable-objects/stubs";
import { ingressSettings } from "../../../kernel/ingress";
import { createEmbeddedIngressGuard } from "../../../runtime/ingress/embedded-guard";
import { withFallback } from "../../../runtime/ingress/ingress-guard";
import { createUpstashIngressGuard } from "../../../runtime/ingress/upstash-guard";
import { createFakeUpstashRedis } from "../fake-upstash-redis";
import { describeIngressContract } from "./ingress-contract";

const UPSTASH = { url: "https://cairn-test-ingress.upstash.io", token: "upstash-test-token" };
const upstash = createFakeUpstashRedis(UPSTASH);
const hosted = () => createUpstashIngressGuard({ ...UPSTASH, timeoutMs: 1000 });
const LIMITS = { tenantLimit: 5, senderLimit: 3, windowMs: 60_000 };
const T = 1_800_000_000_000;

beforeAll(() => upstash.server.listen());
afterAll(() => upstash.server.close());

describeIngressContract({ name: "embedded", guard: () => createEmbeddedIngressGuard(env) });

describeIngressContract({
  name: "Upstash",
  guard: hosted,
  setTime: (at) => upstash.setClock(() => at),
  reset: () => upstash.reset(),
});

describe("the Upstash ingress guard", () => {
  it("sends documented commands: two pipelines for an admitted request, with the tenant in every key", async () => {
    upstash.reset();
    upstash.setClock(() => T);
    const verdict = await hosted().admit(
      {
        tenantId: "shapes",
        platform: "chat",
        sender: "alice",
        replay: { key: "k1", until: T + 300_000 },
        at: T,
      },
      LIMITS,
    );
    expect(verdict).toEqual({ admitted: true });
    expect(upstash.calls.map((c) => [c.path, c.authorization])).toEqual([
      ["/pipeline", `Bearer ${UPSTASH.token}`],
      ["/pipeline", `Bearer ${UPSTASH.token}`],
    ]);
    const end = T + 60_000 + 1000;
    expect(upstash.commands()).toEqual([
      ["exists", "cairn:ingress:shapes:replay:chat:k1"],
      ["incr", `cairn:ingress:shapes:sender:chat:alice:${T}`],
      ["pexpireat", `cairn:ingress:shapes:sender:chat:alice:${T}`, end],
      ["get", `cairn:ingress:shapes:tenant:${T}`],
      ["incr", `cairn:ingress:shapes:tenant:${T}`],
      ["pexpireat", `cairn:ingress:shapes:tenant:${T}`, end],
      ["set", "cairn:ingress:shapes:replay:chat:k1", "1", "nx", "pxat", T + 300_000],
    ]);
  });

  it("answers a flooding sender after one round trip and never touches its tenant's counter", async () => {
    upstash.reset();
    upstash.setClock(() => T);
    const guard = hosted();
    for (let i = 0; i < 3; i++)
      await guard.admit({ tenantId: "one-trip", platform: "chat", sender: "f", at: T }, LIMITS);
    const before = upstash.calls.length;
    expect(
      await guard.admit({ tenantId: "one-trip", platform: "chat", sender: "f", at: T }, LIMITS),
    ).toMatchObject({
      reason: "sender",
    });
    expect(upstash.calls.length - before).toBe(1);
    expect(
      upstash.commands().filter(([name, key]) => name === "incr" && String(key).includes(":tenant:")),
    ).toHaveLength(3);
  });

  it("fails when the fake is given a wrong token, as Upstash does (401), and on unknown commands", async () => {
    upstash.reset();
    const wrong = createUpstashIngressGuard({ ...UPSTASH, token: "wrong", timeoutMs: 1000 });
    await expect(wrong.admit({ tenantId: "auth", platform: "chat", at: T }, LIMITS)).rejects.toThrow(
      /WRONGPASS/,
    );
    const response = await fetch(UPSTASH.url, {
      method: "POST",
      headers: { authorization: `Bearer ${UPSTASH.token}` },
      body: JSON.stringify(["incrx", "k"]),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "ERR unknown command 'incrx'" });
    const notInteger = await fetch(`${UPSTASH.url}/pipeline`, {
      method: "POST",
      headers: { authorization: `Bearer ${UPSTASH.token}` },
      body: JSON.stringify([
        ["set", "k", "x"],
        ["incr", "k"],
      ]),
    });
    expect(await notInteger.json()).toEqual([
      { result: "OK" },
      { error: "ERR value is not an integer or out of range" },
    ]);
  });

  it("falls back to the embedded guard when Upstash is unreachable, and skips Upstash for a while after", async () => {
    upstash.reset();
    upstash.failNext("network");
    let now = T;
    const guard = withFallback(hosted(), createEmbeddedIngressGuard(env), () => now);
    const request = {
      tenantId: "fallback",
      platform: "chat",
      sender: "alice",
      replay: { key: "k1", until: T + 300_000 },
      at: T,
    };
    expect(await guard.admit(request, LIMITS)).toEqual({ admitted: true });
    // The embedded object decided it, so it remembers the key.
    expect(await ingressLimiterStub(env, "fallback").admit({ ...request, at: T + 1 }, LIMITS)).toEqual({
      admitted: false,
      reason: "replay",
    });
    const callsAfterFailure = upstash.calls.length;
    now = T + 10_000;
    expect(
      await guard.admit({ ...request, replay: { key: "k2", until: T + 300_000 }, at: now }, LIMITS),
    ).toEqual({
      admitted: true,
    });
    expect(upstash.calls.length).toBe(callsAfterFailure);
    // After 30 s Upstash is tried again; a 500 falls back the same way.
    now = T + 40_000;
    upstash.failNext(500);
    expect(
      await guard.admit({ ...request, replay: { key: "k3", until: T + 300_000 }, at: now }, LIMITS),
    ).toEqual({
      admitted: true,
    });
    expect(upstash.calls.length).toBe(callsAfterFailure + 1);
  });

  it("is chosen by configuration: both Upstash settings, or the embedded guard", () => {
    expect(ingressSettings({}).upstash).toBeUndefined();
    expect(ingressSettings({ UPSTASH_REDIS_REST_URL: UPSTASH.url }).upstash).toBeUndefined();
    expect(ingressSettings({ UPSTASH_REDIS_REST_URL: UPSTASH.url }).invalid).toHaveLength(1);
    expect(
      ingressSettings({ UPSTASH_REDIS_REST_URL: UPSTASH.url, UPSTASH_REDIS_REST_TOKEN: UPSTASH.token })
        .upstash,
    ).toEqual({ ...UPSTASH, timeoutMs: 1000 });
    expect(ingressSettings({ INGRESS_SENDER_LIMIT: "many", INGRESS_TENANT_LIMIT: "50" })).toEqual({
      limits: { tenantLimit: 50, senderLimit: 60, windowMs: 60_000 },
      invalid: ["INGRESS_SENDER_LIMIT"],
    });
  });
});
