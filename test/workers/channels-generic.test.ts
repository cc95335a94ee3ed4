/**
 * The generic signed webhook end to end: its signature window, replays and redeliveries, approval
 * by a typed `approve <id>`, the callback's 429 and 5xx answers, and the connect endpoint's
 * refusals. The shared contract is in channels/generic-contract.test.ts; the receiver is faked at
 * its HTTP boundary as docs/channels/webhook.md describes it.
 */
import { env, exports } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { signedWebhookHeaders, webhookSignature } from "../../channels/generic/signature";
import { INGRESS_HEADER } from "../../workers/gateway/webhooks";
import { badInputSuite, sendRecorded } from "./channels/bad-input";
import { createFakeWebhookReceiver } from "./fake-generic-receiver";
import { api, seedTenant, type TestTenant } from "./fixtures";
import { drainOutbox } from "./outbox-drain";

const SECRET = "whsec-details-0123456789abcdef-0123456789";
const CALLBACK = "https://hooks.example.test/cairn/details";
const APPROVER = "grace";

let tenant: TestTenant;
const receiver = createFakeWebhookReceiver(CALLBACK, SECRET);

beforeAll(async () => {
  receiver.server.listen();
  tenant = await seedTenant("whdetails");
  const connected = await exports.default.fetch(
    api(tenant, "/channels/generic", {
      method: "PUT",
      body: JSON.stringify({
        agentId: "operations",
        signingSecret: SECRET,
        callbackUrl: CALLBACK,
        approvers: [APPROVER],
      }),
    }),
  );
  expect(connected.status).toBe(200);
  expect(await connected.json()).toMatchObject({
    webhookUrl: `https://cairn.test/webhooks/generic/${tenant.tenantId}`,
  });
});
// Late sends (an execution report, an answer) finish before the fake goes away.
afterAll(async () => {
  await drainOutbox();
  receiver.server.close();
});

const url = () => `https://cairn.test/webhooks/generic/${tenant.tenantId}`;
const nowSeconds = () => Math.floor(Date.now() / 1000);

async function signedRequest(
  body: string,
  options: { secret?: string; at?: number; contentType?: string; headers?: Record<string, string> } = {},
) {
  return new Request(url(), {
    method: "POST",
    headers: {
      "content-type": options.contentType ?? "application/json",
      ...(await signedWebhookHeaders(options.secret ?? SECRET, body, options.at ?? nowSeconds())),
      ...options.headers,
    },
    body,
  });
}

const message = (id: string, text: string, from = APPROVER) =>
  JSON.stringify({
    id,
    type: "message",
    conversation: { id: `room-${id}` },
    sender: { id: from, name: from },
    text,
  });

badInputSuite({
  platform: "generic",
  signed: (body, options) => signedRequest(body, options ?? {}),
  unsigned: async (body) =>
    new Request(url(), { method: "POST", headers: { "content-type": "application/json" }, body }),
  wrongSecret: (body) => signedRequest(body, { secret: "another-secret-0123456789abcdef-0000" }),
  validBody: message("bad-baseline", "hello"),
  invalidBodies: {
    "not JSON": "{not json",
    "no sender": JSON.stringify({ id: "e1", type: "message", conversation: { id: "c" }, text: "hi" }),
    "sender id with spaces": message("e2", "hi", "not an id"),
    "text not a string": JSON.stringify({
      id: "e3",
      type: "message",
      conversation: { id: "c" },
      sender: { id: "a" },
      text: 42,
    }),
    "a JSON array": "[]",
  },
  unknownEvent: JSON.stringify({
    id: "e4",
    type: "reaction",
    conversation: { id: "c" },
    sender: { id: "a" },
  }),
});

describe("the generic webhook's signature", () => {
  it("refuses a timestamp outside the five-minute window either way with 403", async () => {
    const body = message("stale-1", "hello");
    for (const at of [nowSeconds() - 301, nowSeconds() + 301]) {
      const { response, enqueued } = await sendRecorded(await signedRequest(body, { at }));
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: string }).error).toMatch(/five minutes/);
      expect(enqueued).toEqual([]);
    }
  });

  it("refuses a fresh timestamp on a signature made for an older one (the timestamp is signed)", async () => {
    const body = message("moved-1", "hello");
    const old = String(nowSeconds() - 60);
    const request = new Request(url(), {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "X-Cairn-Timestamp": String(nowSeconds()),
        "X-Cairn-Signature": await webhookSignature(SECRET, old, body),
      },
      body,
    });
    const { response, enqueued } = await sendRecorded(request);
    expect(response.status).toBe(403);
    expect(enqueued).toEqual([]);
  });

  it("refuses a malformed signature header with 401 and a tenant without the channel with 403", async () => {
    const body = message("malformed-1", "hello");
    const malformed = await signedRequest(body, { headers: { "X-Cairn-Signature": "sha256=abc" } });
    expect((await sendRecorded(malformed)).response.status).toBe(401);
    const elsewhere = new Request(url().replace(tenant.tenantId, "nosuchtenant"), {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(await signedWebhookHeaders(SECRET, body, nowSeconds())),
      },
      body,
    });
    expect((await sendRecorded(elsewhere)).response.status).toBe(403);
  });

  it("answers a replayed request as accepted without queueing it again", async () => {
    const body = message("replay-1", "hello");
    const request = await signedRequest(body);
    const first = await sendRecorded(request.clone());
    const second = await sendRecorded(request);
    expect(first.enqueued).toHaveLength(1);
    expect(second.response.status).toBe(200);
    expect(second.response.headers.get(INGRESS_HEADER)).toBe("replay");
    expect(second.enqueued).toEqual([]);
  });
});

describe("the generic webhook end to end", () => {
  it("answers a redelivered event (same id, signed afresh) once", async () => {
    const body = message("redelivered-1", "hello once");
    expect((await exports.default.fetch(await signedRequest(body))).status).toBe(200);
    expect((await exports.default.fetch(await signedRequest(body, { at: nowSeconds() + 1 }))).status).toBe(
      200,
    );
    await vi.waitFor(
      () =>
        expect(receiver.messages().filter((m) => m.conversation === "room-redelivered-1")).toHaveLength(1),
      {
        timeout: 20_000,
        interval: 100,
      },
    );
    // Another event in the same room is answered: the drop above was by event id, not by room.
    await exports.default.fetch(
      await signedRequest(JSON.stringify({ ...JSON.parse(body), id: "redelivered-2" })),
    );
    await vi.waitFor(
      () =>
        expect(receiver.messages().filter((m) => m.conversation === "room-redelivered-1")).toHaveLength(2),
      {
        timeout: 20_000,
        interval: 100,
      },
    );
  });

  it("executes a proposal once on a typed `approve <id>` from an approver, and refuses anyone else", async () => {
    const room = { id: "room-typed", type: "private" };
    const say = async (id: string, text: string, from: string) =>
      exports.default.fetch(
        await signedRequest(
          JSON.stringify({ id, type: "message", conversation: room, sender: { id: from }, text }),
        ),
      );
    expect((await say("typed-1", "run echo 'typed' > typed.txt", APPROVER)).status).toBe(200);
    const card = await vi.waitFor(
      () => {
        const found = receiver
          .messages()
          .find((m) => m.conversation === "room-typed" && m.text.startsWith("Approval needed"));
        if (!found) throw new Error("no card yet");
        return found;
      },
      { timeout: 20_000, interval: 100 },
    );
    const id = /\((prop_[a-z0-9_]+)\)/.exec(card.text)?.[1];
    expect(card.buttons?.flat().map((b) => b.data)).toEqual([`p:${id}:a`, `p:${id}:r`]);

    // A stranger's typed approval is not an approval (and strangers are not answered at all).
    await exports.default.fetch(
      api(tenant, `/channels/ch_${tenant.tenantId}_generic/senders`, {
        method: "POST",
        body: JSON.stringify({ senderId: "mallory" }),
      }),
    );
    await say("typed-2", `approve ${id}`, "mallory");
    await vi.waitFor(
      () =>
        expect(receiver.messages().some((m) => m.text === "You are not on this team's approver list.")).toBe(
          true,
        ),
      { timeout: 20_000, interval: 100 },
    );

    await say("typed-3", `approve ${id}`, APPROVER);
    await say("typed-4", `Approve ${id}`, APPROVER);
    await vi.waitFor(
      async () => {
        const row = await env.DB.prepare(
          "SELECT count(*) AS n FROM audit_log WHERE tenant_id = ? AND action = 'proposal.executed' AND subject_id = ?",
        )
          .bind(tenant.tenantId, id)
          .first<{ n: number }>();
        expect(row?.n).toBe(1);
      },
      { timeout: 20_000, interval: 100 },
    );
    await vi.waitFor(
      () =>
        expect(
          receiver
            .messages()
            .some(
              (m) =>
                m.text === `Proposal ${id} is already executed.` ||
                m.text === `Proposal ${id} is already approved.`,
            ),
        ).toBe(true),
      { timeout: 20_000, interval: 100 },
    );
  });

  it("waits out the callback's 429 Retry-After, backs off after a 503, and delivers once", async () => {
    receiver.failNextFor("room-flaky-1", 429, "1");
    receiver.failNextFor("room-flaky-1", 503);
    await exports.default.fetch(await signedRequest(message("flaky-1", "hello through a flaky receiver")));
    await vi.waitFor(
      () => expect(receiver.messages().filter((m) => m.conversation === "room-flaky-1")).toHaveLength(1),
      { timeout: 25_000, interval: 200 },
    );
    // Three attempts reached the receiver (429, 503, accepted) for one message, under one key.
    const keys = receiver.attemptsFor("room-flaky-1");
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    const row = await env.DB.prepare(
      "SELECT status, attempts FROM outbox WHERE tenant_id = ? AND channel_id = ? AND json_extract(payload, '$.conversationId') = 'room-flaky-1'",
    )
      .bind(tenant.tenantId, `ch_${tenant.tenantId}_generic`)
      .first<{ status: string; attempts: number }>();
    // Both failures are counted on the row; the success is the third attempt.
    expect(row).toEqual({ status: "sent", attempts: 2 });
  });
});

describe("the callback's idempotency key", () => {
  it("retries a send whose answer was lost under the same key, so the receiver shows it once", async () => {
    receiver.acceptThenFailFor("room-lost-1", 502);
    await exports.default.fetch(await signedRequest(message("lost-1", "hello, answer lost")));
    await vi.waitFor(
      async () => {
        const row = await env.DB.prepare(
          "SELECT status FROM outbox WHERE tenant_id = ? AND json_extract(payload, '$.conversationId') = 'room-lost-1'",
        )
          .bind(tenant.tenantId)
          .first<{ status: string }>();
        expect(row?.status).toBe("sent");
      },
      { timeout: 25_000, interval: 200 },
    );
    const keys = receiver.attemptsFor("room-lost-1");
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(1);
    expect(receiver.messages().filter((m) => m.conversation === "room-lost-1")).toHaveLength(1);
  });
});

describe("PUT /api/channels/generic", () => {
  const put = (body: unknown) =>
    exports.default.fetch(api(tenant, "/channels/generic", { method: "PUT", body: JSON.stringify(body) }));
  const valid = { agentId: "operations", signingSecret: SECRET, callbackUrl: CALLBACK };

  it("refuses a plain-http callback, a short secret and an unknown field with 400 naming it", async () => {
    for (const [body, field] of [
      [{ ...valid, callbackUrl: "http://hooks.example.test/cairn" }, "callbackUrl"],
      [{ ...valid, signingSecret: "short" }, "signingSecret"],
      [{ ...valid, extra: true }, "extra"],
    ] as const) {
      const response = await put(body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { field: string }).field).toBe(field);
    }
  });

  it("keeps the secret sealed: the channel list never shows it", async () => {
    const listed = await (await exports.default.fetch(api(tenant, "/channels"))).text();
    expect(listed).toContain(CALLBACK);
    expect(listed).not.toContain(SECRET);
  });
});
