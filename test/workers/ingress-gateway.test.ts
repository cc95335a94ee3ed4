/**
 * The ingress guard at the gateway, with real signed requests: a Telegram update and a signed
 * Slack event replayed verbatim are answered as the platform expects and queue nothing; a
 * sender's flood is acknowledged and dropped; a tenant over its budget gets 429 with Retry-After
 * while another tenant's webhooks pass; a request that could not be queued is not taken for a
 * replay when the platform retries it; with Upstash configured the same happens through it.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { slackSignature } from "../../channels/slack/signature";
import worker from "../../workers/index";
import { appMention, envelope, STRANGER as SLACK_STRANGER } from "./channels-slack-payloads";
import { createFakeUpstashRedis } from "./fake-upstash-redis";
import { api, seedTenant, type TestTenant } from "./fixtures";
import { STRANGER, textUpdate } from "./telegram-updates";

type Overrides = Partial<Record<string, string>>;

/** Senders no other test here uses: sender budgets are per minute and the tests share one. */
const FLOODER = { id: 333000444, is_bot: false, first_name: "Flo" };
const SLACK_FLOODER = "U0FLOODER1";

/** Calls the Worker with a queue that records (or fails), so exactly what was enqueued is seen. */
async function call(request: Request, overrides: Overrides = {}, failQueue = false) {
  const enqueued: unknown[] = [];
  const queue = {
    send: async (body: unknown) => {
      if (failQueue) throw new Error("queue unavailable");
      enqueued.push(body);
    },
    sendBatch: async () => {},
  };
  const ctx = createExecutionContext();
  const response = await worker.fetch(
    request as Parameters<typeof worker.fetch>[0],
    { ...env, ...overrides, INBOUND_QUEUE: queue as unknown as Queue },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return { response, text: await response.text(), enqueued };
}

const telegram = (tenant: TestTenant, update: unknown) =>
  new Request(`https://cairn.test/webhooks/telegram/${tenant.tenantId}`, {
    method: "POST",
    headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": tenant.webhookSecret },
    body: JSON.stringify(update),
  });

const SIGNING_SECRET = "ingress-test-signing-secret-0123456789";

async function slackEvent(
  tenantId: string,
  body: string,
  timestamp: number,
  headers: Record<string, string> = {},
) {
  return new Request(`https://cairn.test/webhooks/slack/${tenantId}/events`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "X-Slack-Request-Timestamp": String(timestamp),
      "X-Slack-Signature": await slackSignature(SIGNING_SECRET, String(timestamp), body),
      ...headers,
    },
    body,
  });
}

async function storedRows() {
  const count = async (table: string) =>
    (await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())?.n ?? -1;
  return {
    threads: await count("context_threads"),
    outbox: await count("outbox"),
    audit: await count("audit_log"),
  };
}

describe("ingress protection at the gateway: Telegram", () => {
  let tenant: TestTenant;
  beforeAll(async () => {
    tenant = await seedTenant("replayco");
  });

  it("refuses an update replayed verbatim: answered ok as Telegram expects, nothing queued", async () => {
    const update = textUpdate(41_001, "hello");
    const first = await call(telegram(tenant, update));
    expect(first.response.status).toBe(200);
    expect(first.enqueued).toHaveLength(1);
    expect(first.response.headers.get("X-Cairn-Ingress")).toBeNull();

    const replay = await call(telegram(tenant, update));
    expect(replay.response.status).toBe(200);
    expect(JSON.parse(replay.text)).toEqual({ ok: true });
    expect(replay.response.headers.get("X-Cairn-Ingress")).toBe("replay");
    expect(replay.enqueued).toEqual([]);

    const next = await call(telegram(tenant, textUpdate(41_002, "hello again")));
    expect(next.enqueued).toHaveLength(1);
  });

  it("acknowledges and drops a sender's flood (Telegram would redeliver a refusal), other senders pass", async () => {
    const limits = { INGRESS_SENDER_LIMIT: "3" };
    const answers = [];
    for (let i = 0; i < 5; i++)
      answers.push(
        await call(telegram(tenant, textUpdate(42_000 + i, `spam ${i}`, { from: FLOODER })), limits),
      );
    expect(answers.map((a) => a.response.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.map((a) => a.enqueued.length)).toEqual([1, 1, 1, 0, 0]);
    expect(answers.map((a) => a.response.headers.get("X-Cairn-Ingress"))).toEqual([
      null,
      null,
      null,
      "limited-sender",
      "limited-sender",
    ]);
    expect(JSON.parse(answers[4]!.text)).toEqual({ ok: true });
    const other = await call(telegram(tenant, textUpdate(42_100, "hi", { from: STRANGER })), limits);
    expect(other.enqueued).toHaveLength(1);
  });

  it("answers 429 with Retry-After to a tenant over its budget while another tenant's updates pass", async () => {
    const flooded = await seedTenant("floodco");
    const calm = await seedTenant("calmco");
    const limits = { INGRESS_TENANT_LIMIT: "4" };
    const [flood, quiet] = await Promise.all([
      Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          call(telegram(flooded, textUpdate(43_000 + i, `x${i}`)), limits),
        ),
      ),
      Promise.all(
        Array.from({ length: 3 }, (_, i) => call(telegram(calm, textUpdate(44_000 + i, `y${i}`)), limits)),
      ),
    ]);
    expect(flood.filter((a) => a.response.status === 200)).toHaveLength(4);
    const refused = flood.filter((a) => a.response.status === 429);
    expect(refused).toHaveLength(8);
    for (const answer of refused) {
      expect(answer.enqueued).toEqual([]);
      expect(answer.response.headers.get("X-Cairn-Ingress")).toBe("limited-tenant");
      const retryAfter = Number(answer.response.headers.get("Retry-After"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(JSON.parse(answer.text)).toEqual({ error: "too many requests for this tenant" });
    }
    expect(flood.reduce((n, a) => n + a.enqueued.length, 0)).toBe(4);
    expect(quiet.map((a) => [a.response.status, a.enqueued.length])).toEqual([
      [200, 1],
      [200, 1],
      [200, 1],
    ]);
  });

  it("forgets an update it could not queue, so Telegram's redelivery is accepted", async () => {
    const update = textUpdate(45_001, "queued later");
    const failed = await call(telegram(tenant, update), {}, true);
    expect(failed.response.status).toBe(500);
    const retried = await call(telegram(tenant, update));
    expect(retried.response.status).toBe(200);
    expect(retried.response.headers.get("X-Cairn-Ingress")).toBeNull();
    expect(retried.enqueued).toHaveLength(1);
  });

  it("stores nothing for a refused request", async () => {
    expect(await storedRows()).toEqual({ threads: 0, outbox: 0, audit: 0 });
  });
});

describe("ingress protection at the gateway: Slack", () => {
  let tenant: TestTenant;
  beforeAll(async () => {
    tenant = await seedTenant("slackreplay");
    const response = await exports.default.fetch(
      api(tenant, "/channels/slack", {
        method: "PUT",
        body: JSON.stringify({
          agentId: "operations",
          signingSecret: SIGNING_SECRET,
          clientId: "1234567890.0987654321",
          clientSecret: "ingress-test-client-secret",
        }),
      }),
    );
    expect(response.status).toBe(200);
  });

  it("refuses a signed event replayed inside its five minutes, and takes Slack's re-signed retry", async () => {
    const now = Math.floor(Date.now() / 1000);
    const body = JSON.stringify(envelope("Ev0INGRESS1", appMention("1764100000.000100", "hello")));
    const first = await call(await slackEvent(tenant.tenantId, body, now - 20));
    expect(first.response.status).toBe(200);
    expect(first.enqueued).toHaveLength(1);

    const replay = await call(await slackEvent(tenant.tenantId, body, now - 20));
    expect(replay.response.status).toBe(200);
    expect(replay.text).toBe("");
    expect(replay.response.headers.get("X-Cairn-Ingress")).toBe("replay");
    expect(replay.enqueued).toEqual([]);

    // Slack's own retry is signed again with a new timestamp: not a replay (the thread dedups it).
    const retry = await call(
      await slackEvent(tenant.tenantId, body, now - 10, {
        "X-Slack-Retry-Num": "1",
        "X-Slack-Retry-Reason": "http_timeout",
      }),
    );
    expect(retry.response.status).toBe(200);
    expect(retry.response.headers.get("X-Cairn-Ingress")).toBeNull();
    expect(retry.enqueued).toHaveLength(1);
  });

  it("acknowledges and drops a sender's flood (no retries to provoke), other users pass", async () => {
    const now = Math.floor(Date.now() / 1000);
    const limits = { INGRESS_SENDER_LIMIT: "2" };
    const answers = [];
    for (let i = 0; i < 4; i++) {
      const body = JSON.stringify(
        envelope(`Ev0FLOOD${i}`, appMention(`1764100100.00010${i}`, `spam ${i}`, { user: SLACK_FLOODER })),
      );
      answers.push(await call(await slackEvent(tenant.tenantId, body, now), limits));
    }
    expect(answers.map((a) => [a.response.status, a.enqueued.length])).toEqual([
      [200, 1],
      [200, 1],
      [200, 0],
      [200, 0],
    ]);
    expect(answers[3]!.response.headers.get("X-Cairn-Ingress")).toBe("limited-sender");
    const body = JSON.stringify(
      envelope("Ev0OTHER1", appMention("1764100200.000100", "hi", { user: SLACK_STRANGER })),
    );
    const other = await call(await slackEvent(tenant.tenantId, body, now), limits);
    expect(other.enqueued).toHaveLength(1);
  });
});

describe("ingress protection at the gateway: with Upstash configured", () => {
  const UPSTASH = { url: "https://cairn-gateway-ingress.upstash.io", token: "gateway-upstash-token" };
  const upstash = createFakeUpstashRedis(UPSTASH);
  const configured = { UPSTASH_REDIS_REST_URL: UPSTASH.url, UPSTASH_REDIS_REST_TOKEN: UPSTASH.token };
  let tenant: TestTenant;
  beforeAll(async () => {
    tenant = await seedTenant("hostedco");
    upstash.server.listen();
  });
  afterAll(() => upstash.server.close());

  it("refuses the replayed update through Upstash", async () => {
    const update = textUpdate(46_001, "hello hosted");
    const first = await call(telegram(tenant, update), configured);
    expect(first.enqueued).toHaveLength(1);
    const replay = await call(telegram(tenant, update), configured);
    expect(replay.response.headers.get("X-Cairn-Ingress")).toBe("replay");
    expect(replay.enqueued).toEqual([]);
    expect(upstash.keys()).toContain("cairn:ingress:hostedco:replay:telegram:update:46001");
    // Upstash decided: the tenant's embedded object never saw the update, so without Upstash it is new.
    const embedded = await call(telegram(tenant, update));
    expect(embedded.enqueued).toHaveLength(1);
  });
});
