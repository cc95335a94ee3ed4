/**
 * POST /webhooks/telegram/:tenant — authenticate, validate, enqueue, answer. Nothing is
 * stored here: the inbound queue is the only side effect, and only for a valid request.
 */
import { Hono } from "hono";
import type { InboundQueueMessage } from "../../channels/queue-messages";
import { TelegramUpdateSchema } from "../../channels/telegram/update";
import { secretMatchesDigest } from "../../kernel/digest";
import { log } from "../../kernel/log";
import { errorResponse, validationError } from "../errors";
import { cachedChannel } from "./channel-cache";

export const SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
const TENANT_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** Compared against when the tenant has no channel, so unknown tenants cost the same time. */
const UNKNOWN_TENANT_DIGEST = "0".repeat(64);

export const telegramWebhook = new Hono<{ Bindings: Env }>().post("/:tenant", async (c) => {
  const tenantId = c.req.param("tenant");
  if (!TENANT_ID.test(tenantId)) return errorResponse(c, 400, "invalid tenant id", "tenant");

  const secret = c.req.header(SECRET_HEADER);
  if (!secret) return errorResponse(c, 401, `missing ${SECRET_HEADER} header`);

  const channel = await cachedChannel(c.env, tenantId, "telegram");
  const matches = await secretMatchesDigest(secret, channel?.webhookSecretHash ?? UNKNOWN_TENANT_DIGEST);
  if (!channel || !matches) {
    log("warn", "webhook.rejected", { tenant: tenantId, reason: "secret" });
    return errorResponse(c, 403, "webhook secret does not match");
  }

  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return errorResponse(c, 400, "body is not valid JSON", "(body)");
  }
  const update = TelegramUpdateSchema.safeParse(body);
  if (!update.success) return validationError(c, update.error.issues);

  const message: InboundQueueMessage = {
    kind: "telegram.update",
    tenantId,
    channelId: channel.id,
    receivedAt: Date.now(),
    update: update.data,
  };
  await c.env.INBOUND_QUEUE.send(message, { contentType: "json" });
  log("info", "webhook.accepted", { tenant: tenantId, update_id: update.data.update_id });
  return c.json({ ok: true });
});
