/**
 * Input that cannot be parsed safely is refused before parsing, with the limit named, and stores
 * nothing (issue: a 10,000-level nested JSON body with a valid Telegram secret got a 500, as did a
 * billion-laughs policy overlay). Also the status vocabulary of the README's table: 401 for
 * missing or malformed credentials, 403 for wrong ones, 404 for an id this tenant does not have,
 * whatever its shape.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { slackSignature } from "../../channels/slack/signature";
import { REQUEST_LIMITS } from "../../kernel/request-limits";
import worker from "../../workers/index";
import { api, seedTenant, type TestTenant } from "./fixtures";
import { textUpdate } from "./telegram-updates";

let tenant: TestTenant;
beforeAll(async () => {
  tenant = await seedTenant("limits");
});

/** Posts to the gateway with a queue that records instead of delivering. */
async function webhook(path: string, body: string, headers: Record<string, string>) {
  const enqueued: unknown[] = [];
  const queue = { send: async (message: unknown) => void enqueued.push(message), sendBatch: async () => {} };
  const ctx = createExecutionContext();
  const response = await worker.fetch(
    new Request(`https://cairn.test/webhooks/${path}`, { method: "POST", headers, body }),
    { ...env, INBOUND_QUEUE: queue as unknown as Queue },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return {
    status: response.status,
    body: (await response.json()) as { error?: string; field?: string },
    enqueued,
  };
}

const telegram = (body: string, contentType = "application/json") =>
  webhook(`telegram/${tenant.tenantId}`, body, {
    "content-type": contentType,
    "X-Telegram-Bot-Api-Secret-Token": tenant.webhookSecret,
  });

/** A real update with an extra field nested `depth` levels deep (Telegram's schema lets unknown fields through). */
const nestedUpdate = (depth: number) =>
  JSON.stringify(textUpdate(9001, "hello")).replace(
    /}$/,
    `,"extra":${"[".repeat(depth)}${"]".repeat(depth)}}`,
  );

async function storedRows() {
  const count = async (table: string) =>
    (
      await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE tenant_id = ?`)
        .bind(tenant.tenantId)
        .first<{
          n: number;
        }>()
    )?.n ?? -1;
  return {
    threads: await count("context_threads"),
    tasks: await count("tasks"),
    audit: await count("audit_log"),
  };
}

describe("webhook bodies", () => {
  it("refuses a 10,000-level nested body with a valid secret as 400 naming the limit, not 500", async () => {
    const before = await storedRows();
    const answer = await telegram(nestedUpdate(10_000));
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      error: `body nests objects and arrays deeper than ${REQUEST_LIMITS.jsonDepth} levels`,
      field: "(body)",
    });
    expect(answer.enqueued).toEqual([]);
    expect(await storedRows()).toEqual(before);
  });

  it("still accepts an update nested as deep as the limit allows", async () => {
    // The update itself nests 3 levels (update → message → chat); the extra field adds the rest.
    const answer = await telegram(nestedUpdate(REQUEST_LIMITS.jsonDepth - 1));
    expect(answer.status).toBe(200);
    expect(answer.enqueued).toHaveLength(1);
  });

  it("refuses a body over the webhook limit with 413, by its Content-Length and by what arrived", async () => {
    const big = JSON.stringify({ ...textUpdate(9002, "x".repeat(REQUEST_LIMITS.webhookBodyBytes)) });
    const answer = await telegram(big);
    expect(answer.status).toBe(413);
    expect(answer.body).toEqual({
      error: `a webhook body is at most ${REQUEST_LIMITS.webhookBodyBytes} bytes`,
      field: "(body)",
    });
    expect(answer.enqueued).toEqual([]);
    // Streamed, with no Content-Length: refused by what arrived.
    const streamed = await webhook(
      `telegram/${tenant.tenantId}`,
      new Blob([big]).stream() as unknown as string,
      { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": tenant.webhookSecret },
    );
    expect(streamed.status).toBe(413);
    expect(streamed.enqueued).toEqual([]);
  });

  it("answers 415 to a media type the platform never sends to that URL", async () => {
    const form = await telegram("update_id=1", "application/x-www-form-urlencoded");
    expect(form.status).toBe(415);
    expect(form.body).toEqual({
      error: "Telegram sends application/json here, not application/x-www-form-urlencoded",
      field: "content-type",
    });
    const none = await webhook(`telegram/${tenant.tenantId}`, JSON.stringify(textUpdate(9003, "hi")), {
      "X-Telegram-Bot-Api-Secret-Token": tenant.webhookSecret,
    });
    expect(none.status).toBe(415);
    // A parameter on the type is fine: it is the type that counts.
    expect(
      (await telegram(JSON.stringify(textUpdate(9004, "hi")), "application/json; charset=utf-8")).status,
    ).toBe(200);
    const slackJsonAsCommand = await webhook(`slack/${tenant.tenantId}/commands`, "{}", {
      "content-type": "application/json",
    });
    expect(slackJsonAsCommand.status).toBe(415);
    expect(slackJsonAsCommand.enqueued).toEqual([]);
  });
});

describe("admin API bodies", () => {
  const call = async (path: string, init: RequestInit) => {
    const response = await exports.default.fetch(api(tenant, path, init));
    return { status: response.status, body: (await response.json()) as { error?: string; field?: string } };
  };

  it("refuses a deeply nested JSON body with 400 naming the limit", async () => {
    const before = await storedRows();
    const answer = await call("/tasks", {
      method: "POST",
      body: `{"title":"x","description":${"[".repeat(10_000)}${"]".repeat(10_000)}}`,
    });
    expect(answer).toEqual({
      status: 400,
      body: {
        error: `body nests objects and arrays deeper than ${REQUEST_LIMITS.jsonDepth} levels`,
        field: "(body)",
      },
    });
    expect(await storedRows()).toEqual(before);
  });

  it("refuses a body over the API limit with 413", async () => {
    const answer = await call("/knowledge", {
      method: "POST",
      body: JSON.stringify({ documents: [{ id: "big", text: "y".repeat(REQUEST_LIMITS.apiBodyBytes) }] }),
    });
    expect(answer).toEqual({
      status: 413,
      body: { error: `a request body is at most ${REQUEST_LIMITS.apiBodyBytes} bytes`, field: "(body)" },
    });
  });

  it("refuses a billion-laughs policy overlay with 400, not 500, and stores no version", async () => {
    const laughs = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      ...Array.from({ length: 8 }, (_, i) => {
        const name = String.fromCharCode(98 + i);
        const prev = String.fromCharCode(97 + i);
        return `${name}: &${name} [${Array(9).fill(`*${prev}`).join(",")}]`;
      }),
    ].join("\n");
    const answer = await call("/policies/tenant", { method: "PUT", body: laughs });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/expands YAML aliases past the limit of 100/);
    const versions = await call("/policies/tenant/versions", { method: "GET" });
    expect(versions.body).toEqual({ versions: [] });
  });
});

describe("the status vocabulary", () => {
  it("answers 404 for an id this tenant does not have, however it is written", async () => {
    for (const path of ["/tasks/nope", "/tasks/task_nope", "/proposals/nope", "/proposals/prop_nope"]) {
      const response = await exports.default.fetch(api(tenant, path));
      expect(response.status, path).toBe(404);
    }
    for (const [path, method] of [
      ["/approvers/NOT-AN-ID", "DELETE"],
      ["/proposals/NOT-AN-ID/approve", "POST"],
      ["/proposals/NOT-AN-ID/cancel", "POST"],
      ["/agents/NOT_AN_AGENT/loop", "GET"],
    ] as const) {
      const response = await exports.default.fetch(api(tenant, path, { method }));
      expect(response.status, `${method} ${path}`).toBe(404);
    }
  });

  it("answers a Slack request with a missing signature 401 and a wrong or stale one 403", async () => {
    const body = JSON.stringify({ type: "event_callback", event_id: "Ev1", event: { type: "message" } });
    const now = String(Math.floor(Date.now() / 1000));
    const missing = await webhook(`slack/${tenant.tenantId}/events`, body, {
      "content-type": "application/json",
    });
    expect(missing.status).toBe(401);
    const wrong = await webhook(`slack/${tenant.tenantId}/events`, body, {
      "content-type": "application/json",
      "X-Slack-Request-Timestamp": now,
      "X-Slack-Signature": await slackSignature("not-the-secret", now, body),
    });
    expect(wrong.status).toBe(403);
    expect(wrong.enqueued).toEqual([]);
  });
});
