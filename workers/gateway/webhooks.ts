/**
 * POST /webhooks/:platform/:tenant[/<path>] — one gateway for every platform: find the adapter,
 * let it authenticate and validate the request, queue what it accepted, answer as it says.
 * Nothing is stored here: the inbound queue is the only side effect, and only for a valid request.
 */
import { type Context, Hono } from "hono";
import type { InboundQueueMessage } from "../../channels/queue-messages";
import { channelAdapter } from "../../channels/registry";
import { log } from "../../kernel/log";
import { TENANT_ID_PATTERN } from "../../kernel/tenant-id";
import { channelPorts } from "../../runtime/channels/channel-ports";
import { cachedChannel } from "../channels/channel-cache";
import { errorResponse, validationError } from "../errors";

type GatewayContext = Context<{ Bindings: Env }>;

async function receive(c: GatewayContext, path: string): Promise<Response> {
  const platform = c.req.param("platform") ?? "";
  const adapter = channelAdapter(platform);
  const endpoint = adapter?.webhooks[path];
  if (!adapter || !endpoint)
    return errorResponse(c, 404, `no route for ${c.req.method} ${new URL(c.req.url).pathname}`);
  const tenantId = c.req.param("tenant") ?? "";
  if (!TENANT_ID_PATTERN.test(tenantId)) return errorResponse(c, 400, "invalid tenant id", "tenant");

  const now = Date.now();
  let channelId: string | undefined;
  const outcome = await endpoint(
    { tenantId, path, headers: c.req.raw.headers, rawBody: await c.req.text(), now },
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
  if (outcome.events.length > 0) {
    if (!channelId) throw new Error(`${platform} accepted a request without loading its channel`);
    // One send per event, in order: a request rarely carries more than one.
    for (const event of outcome.events) {
      const message: InboundQueueMessage = { ...event, tenantId, channelId, receivedAt: now };
      await c.env.INBOUND_QUEUE.send(message, { contentType: "json" });
    }
    log("info", "webhook.accepted", { tenant: tenantId, platform, ...outcome.logged });
  }
  return "json" in outcome.reply ? c.json(outcome.reply.json) : c.body(null, 200);
}

export const webhooks = new Hono<{ Bindings: Env }>()
  .post("/:platform/:tenant", (c) => receive(c, ""))
  .post("/:platform/:tenant/:path", (c) => receive(c, c.req.param("path")));
