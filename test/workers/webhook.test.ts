import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../workers/index";
import { seedTenant, type TestTenant } from "./fixtures";
import { textUpdate } from "./telegram-updates";

/** Calls the Worker with a queue that records instead of delivering, to see exactly what was enqueued. */
async function post(path: string, init: { body?: string; secret?: string } = {}) {
  const enqueued: unknown[] = [];
  const queue = { send: async (body: unknown) => void enqueued.push(body), sendBatch: async () => {} };
  const headers = new Headers({ "content-type": "application/json" });
  if (init.secret !== undefined) headers.set("X-Telegram-Bot-Api-Secret-Token", init.secret);
  const ctx = createExecutionContext();
  const response = await worker.fetch(
    new Request(`https://cairn.test${path}`, { method: "POST", headers, body: init.body ?? "{}" }),
    { ...env, INBOUND_QUEUE: queue as unknown as Queue },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return {
    response,
    body: (await response.json()) as { ok?: boolean; error?: string; field?: string },
    enqueued,
  };
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

describe("POST /webhooks/telegram/:tenant", () => {
  let tenant: TestTenant;
  beforeAll(async () => {
    tenant = await seedTenant("acme");
  });

  it("answers /health", async () => {
    const response = await worker.fetch(
      new Request("https://cairn.test/health"),
      env,
      createExecutionContext(),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, service: "cairn" });
  });

  it("accepts a valid update with the right secret and enqueues it once", async () => {
    const { response, body, enqueued } = await post("/webhooks/telegram/acme", {
      secret: tenant.webhookSecret,
      body: JSON.stringify(textUpdate(1, "hello")),
    });
    expect(response.status).toBe(200);
    expect(body).toEqual({ ok: true });
    expect(enqueued).toHaveLength(1);
    expect(enqueued[0]).toMatchObject({
      kind: "telegram.update",
      tenantId: "acme",
      channelId: tenant.channelId,
      update: { update_id: 1 },
    });
  });

  it("refuses a request without the secret header with 401", async () => {
    const { response, body, enqueued } = await post("/webhooks/telegram/acme", {
      body: JSON.stringify(textUpdate(2, "hi")),
    });
    expect(response.status).toBe(401);
    expect(body.error).toMatch(/X-Telegram-Bot-Api-Secret-Token/);
    expect(enqueued).toHaveLength(0);
  });

  it("refuses a wrong secret with 403", async () => {
    const { response, enqueued } = await post("/webhooks/telegram/acme", {
      secret: `${tenant.webhookSecret}x`,
      body: JSON.stringify(textUpdate(3, "hi")),
    });
    expect(response.status).toBe(403);
    expect(enqueued).toHaveLength(0);
  });

  it("refuses an unknown tenant with the same 403 as a wrong secret", async () => {
    const { response, body, enqueued } = await post("/webhooks/telegram/nobody", {
      secret: tenant.webhookSecret,
      body: JSON.stringify(textUpdate(4, "hi")),
    });
    expect(response.status).toBe(403);
    expect(body.error).toBe("webhook secret does not match");
    expect(enqueued).toHaveLength(0);
  });

  it("names the tenant field when the tenant id is malformed", async () => {
    const { response, body } = await post("/webhooks/telegram/ACME!", { secret: tenant.webhookSecret });
    expect(response.status).toBe(400);
    expect(body.field).toBe("tenant");
  });

  it("rejects a body that is not JSON with 400", async () => {
    const { response, body, enqueued } = await post("/webhooks/telegram/acme", {
      secret: tenant.webhookSecret,
      body: "{not json",
    });
    expect(response.status).toBe(400);
    expect(body.field).toBe("(body)");
    expect(enqueued).toHaveLength(0);
  });

  it("names the invalid field of an update", async () => {
    const update = { ...textUpdate(5, "hi"), update_id: "five" };
    const { response, body, enqueued } = await post("/webhooks/telegram/acme", {
      secret: tenant.webhookSecret,
      body: JSON.stringify(update),
    });
    expect(response.status).toBe(400);
    expect(body.field).toBe("update_id");
    expect(enqueued).toHaveLength(0);
  });

  it("names nested fields (message.chat.type)", async () => {
    const update = textUpdate(6, "hi");
    const bad = { ...update, message: { ...update.message, chat: { id: 1, type: "castle" } } };
    const { response, body } = await post("/webhooks/telegram/acme", {
      secret: tenant.webhookSecret,
      body: JSON.stringify(bad),
    });
    expect(response.status).toBe(400);
    expect(body.field).toBe("message.chat.type");
  });

  it("rejects an update carrying two kinds at once", async () => {
    const update = { ...textUpdate(7, "hi"), edited_message: textUpdate(7, "hi").message };
    const { response, enqueued } = await post("/webhooks/telegram/acme", {
      secret: tenant.webhookSecret,
      body: JSON.stringify(update),
    });
    expect(response.status).toBe(400);
    expect(enqueued).toHaveLength(0);
  });

  it("stores nothing for any rejected request", async () => {
    // Its own requests, counted before and after: it holds whatever order the tests run in.
    const update = textUpdate(8, "hi");
    const rejected: Array<[string, { body?: string; secret?: string }]> = [
      ["/webhooks/telegram/acme", { body: JSON.stringify(update) }],
      ["/webhooks/telegram/acme", { secret: `${tenant.webhookSecret}x`, body: JSON.stringify(update) }],
      ["/webhooks/telegram/nobody", { secret: tenant.webhookSecret, body: JSON.stringify(update) }],
      ["/webhooks/telegram/ACME!", { secret: tenant.webhookSecret, body: JSON.stringify(update) }],
      ["/webhooks/telegram/acme", { secret: tenant.webhookSecret, body: "{not json" }],
      [
        "/webhooks/telegram/acme",
        { secret: tenant.webhookSecret, body: JSON.stringify({ ...update, update_id: "8" }) },
      ],
      [
        "/webhooks/telegram/acme",
        { secret: tenant.webhookSecret, body: JSON.stringify({ ...update, edited_message: update.message }) },
      ],
    ];
    const before = await storedRows();
    expect(Object.values(before).every((n) => n >= 0)).toBe(true);
    const outcomes = [];
    for (const [path, init] of rejected) {
      const { response, enqueued } = await post(path, init);
      outcomes.push({ status: response.status, enqueued: enqueued.length });
    }
    expect(outcomes).toEqual([
      { status: 401, enqueued: 0 },
      { status: 403, enqueued: 0 },
      { status: 403, enqueued: 0 },
      { status: 400, enqueued: 0 },
      { status: 400, enqueued: 0 },
      { status: 400, enqueued: 0 },
      { status: 400, enqueued: 0 },
    ]);
    expect(await storedRows()).toEqual(before);
  });
});
