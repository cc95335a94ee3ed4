/**
 * POST /webhooks/:platform/:tenant[/<path>] — one gateway for every platform: find the adapter,
 * let it authenticate and validate the request, ask the ingress guard (replay, sender and tenant
 * limits), queue what it accepted, answer as it says. Nothing is stored here: the inbound queue
 * is the only side effect, and only for a valid request the guard admitted — except for a
 * suspended tenant, whose admitted events are parked in D1 instead, to be queued on its resume.
 */
import { type Context, Hono } from "hono";
import type { ChannelAdapter, WebhookReply } from "../../channels/adapter";
import type { InboundQueueMessage } from "../../channels/queue-messages";
import { channelAdapter } from "../../channels/registry";
import { database } from "../../db/client";
import { getTenant, parkEvents } from "../../db/queries/tenancy";
import { type IngressGuard, type IngressVerdict, retryAfterSeconds } from "../../kernel/ingress";
import { log } from "../../kernel/log";
import { byteLength, REQUEST_LIMITS } from "../../kernel/request-limits";
import { TENANT_ID_PATTERN } from "../../kernel/tenant-id";
import { channelPorts } from "../../runtime/channels/channel-ports";
import { ingressSetup } from "../../runtime/ingress/ingress-guard";
import { cachedChannel } from "../channels/channel-cache";
import { errorResponse, validationError } from "../errors";

type GatewayContext = Context<{ Bindings: Env }>;

/** Says on every answer the guard decided, so a refused request can be told from an accepted one. */
export const INGRESS_HEADER = "X-Cairn-Ingress";
/** On the answer to a suspended tenant's webhook: how many events were parked instead of queued. */
export const PARKED_HEADER = "X-Cairn-Parked";

const replied = (c: GatewayContext, reply: WebhookReply) =>
  "json" in reply ? c.json(reply.json) : c.body(null, 200);

/**
 * Under a flood every refused request would be a warning: the first refusal of a tenant's scope
 * in a minute is logged at warn, the rest at debug (per isolate).
 */
const lastWarned = new Map<string, number>();
function logRefusal(
  verdict: Exclude<IngressVerdict, { admitted: true }>,
  fields: Record<string, unknown>,
  now: number,
) {
  if (verdict.reason === "replay") return log("info", "webhook.replay", fields);
  const key = `${fields.tenant}|${verdict.reason}`;
  const warned = (lastWarned.get(key) ?? 0) > now - 60_000;
  if (!warned) {
    if (lastWarned.size > 10_000) lastWarned.clear();
    lastWarned.set(key, now);
  }
  log(warned ? "debug" : "warn", "webhook.limited", { ...fields, scope: verdict.reason });
}

async function releaseReplay(guard: IngressGuard, tenantId: string, platform: string, key: string) {
  try {
    await guard.release(tenantId, platform, key);
  } catch (error) {
    log("error", "ingress.release_failed", { tenant: tenantId, platform, error: (error as Error).message });
  }
}

/** A refused request: the platform's answer for it, nothing queued. */
function refusal(
  c: GatewayContext,
  adapter: ChannelAdapter,
  verdict: Exclude<IngressVerdict, { admitted: true }>,
  reply: WebhookReply,
): Response {
  if (verdict.reason === "replay") {
    // Answered as accepted: a 4xx would make the platform deliver it again (and again).
    c.header(INGRESS_HEADER, "replay");
    return replied(c, reply);
  }
  const answer = adapter.ingressAnswer?.(verdict.reason) ?? "retry-later";
  c.header(INGRESS_HEADER, `limited-${verdict.reason}`);
  if (answer === "acknowledge") return replied(c, reply);
  c.header("Retry-After", String(retryAfterSeconds(verdict.retryAfterMs)));
  return errorResponse(c, 429, `too many requests for this ${verdict.reason}`);
}

/**
 * What the request itself must be before its body is read: a media type the platform sends to
 * this path (415 otherwise) and a size within REQUEST_LIMITS (413, by Content-Length first, then by
 * what arrived). The body, or the answer refusing it.
 */
async function boundedBody(
  c: GatewayContext,
  adapter: ChannelAdapter,
  path: string,
): Promise<{ ok: true; text: string } | { ok: false; response: Response }> {
  const expected = adapter.webhookMediaTypes?.[path];
  const sent = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (expected && !expected.includes(sent))
    return {
      ok: false,
      response: errorResponse(
        c,
        415,
        `${adapter.displayName} sends ${expected.join(" or ")} here, not ${sent || "a body without a Content-Type"}`,
        "content-type",
      ),
    };
  const limit = REQUEST_LIMITS.webhookBodyBytes;
  const tooLarge = () => ({
    ok: false as const,
    response: errorResponse(c, 413, `a webhook body is at most ${limit} bytes`, "(body)"),
  });
  if (Number(c.req.header("content-length") ?? 0) > limit) return tooLarge();
  const text = await c.req.text();
  return byteLength(text) > limit ? tooLarge() : { ok: true, text };
}

async function receive(c: GatewayContext, path: string): Promise<Response> {
  const platform = c.req.param("platform") ?? "";
  const adapter = channelAdapter(platform);
  const endpoint = adapter?.webhooks[path];
  if (!adapter || !endpoint)
    return errorResponse(c, 404, `no route for ${c.req.method} ${new URL(c.req.url).pathname}`);
  const tenantId = c.req.param("tenant") ?? "";
  if (!TENANT_ID_PATTERN.test(tenantId)) return errorResponse(c, 400, "invalid tenant id", "tenant");

  const body = await boundedBody(c, adapter, path);
  if (!body.ok) return body.response;

  const now = Date.now();
  let channelId: string | undefined;
  const outcome = await endpoint(
    { tenantId, path, headers: c.req.raw.headers, rawBody: body.text, now },
    {
      ports: channelPorts(c.env, tenantId),
      async channel() {
        const channel = await cachedChannel(c.env, tenantId, platform);
        channelId = channel?.id;
        return channel;
      },
    },
  );
  if (outcome.kind === "rejected") {
    log("warn", "webhook.rejected", {
      tenant: tenantId,
      platform,
      status: outcome.status,
      reason: outcome.message,
    });
    return errorResponse(c, outcome.status, outcome.message, outcome.field);
  }
  if (outcome.kind === "invalid") return validationError(c, outcome.issues);
  if (outcome.kind === "ignored") {
    log("info", "webhook.ignored", { tenant: tenantId, platform, reason: outcome.reason, ...outcome.logged });
    return replied(c, outcome.reply);
  }
  if (outcome.events.length > 0) {
    if (!channelId) throw new Error(`${platform} accepted a request without loading its channel`);
    // After verification, so requests that fail it count against no one's budget.
    const { settings, guard } = ingressSetup(c.env);
    const replay = outcome.ingress?.replay;
    const request = { tenantId, platform, sender: outcome.ingress?.sender, replay, at: now };
    let verdict: IngressVerdict;
    try {
      verdict = await guard.admit(request, settings.limits);
    } catch (error) {
      // The embedded guard is the last one: when it cannot answer, refuse for now (fail closed);
      // the platform redelivers, and nothing was queued.
      log("error", "ingress.unavailable", {
        tenant: tenantId,
        platform,
        backend: guard.backend,
        error: (error as Error).message.slice(0, 200),
      });
      c.header("Retry-After", "1");
      return errorResponse(c, 503, "ingress guard unavailable, retry later");
    }
    if (!verdict.admitted) {
      logRefusal(verdict, { tenant: tenantId, platform, sender: request.sender, ...outcome.logged }, now);
      return refusal(c, adapter, verdict, outcome.reply);
    }
    const channel = channelId;
    const messages: InboundQueueMessage[] = outcome.events.map((event) => ({
      ...event,
      tenantId,
      channelId: channel,
      receivedAt: now,
    }));
    try {
      // A suspended tenant's events wait in D1 until it is resumed (runtime/tenancy/parked-events.ts).
      const db = database(c.env.DB);
      if ((await getTenant(db, tenantId))?.status === "suspended") {
        await parkEvents(db, tenantId, messages, now);
        log("info", "webhook.parked", {
          tenant: tenantId,
          platform,
          events: messages.length,
          ...outcome.logged,
        });
        c.header(PARKED_HEADER, String(messages.length));
        return replied(c, outcome.reply);
      }
      // One send per event, in order: a request rarely carries more than one.
      for (const message of messages) await c.env.INBOUND_QUEUE.send(message, { contentType: "json" });
    } catch (error) {
      // Not queued after all: the platform's retry of this request must not be taken for a replay.
      if (replay) await releaseReplay(guard, tenantId, platform, replay.key);
      throw error;
    }
    log("info", "webhook.accepted", { tenant: tenantId, platform, ...outcome.logged });
  }
  return replied(c, outcome.reply);
}

export const webhooks = new Hono<{ Bindings: Env }>()
  .post("/:platform/:tenant", (c) => receive(c, ""))
  .post("/:platform/:tenant/:path", (c) => receive(c, c.req.param("path")));
