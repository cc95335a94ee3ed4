/**
 * Telegram's webhook: the secret token Telegram repeats in a header (set with setWebhook), then
 * the Update. Nothing is stored here; a valid update becomes one queued event.
 */
import { secretMatchesDigest } from "../../kernel/digest";
import type { WebhookEndpoint } from "../adapter";
import { TelegramUpdateSchema } from "./update";

export const SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
/** Compared against when the tenant has no channel, so unknown tenants cost the same time. */
const UNKNOWN_TENANT_DIGEST = "0".repeat(64);

export const telegramUpdateEndpoint: WebhookEndpoint = async (request, context) => {
  const secret = request.headers.get(SECRET_HEADER);
  if (!secret) return { kind: "rejected", status: 401, message: `missing ${SECRET_HEADER} header` };

  const channel = await context.channel();
  const matches = await secretMatchesDigest(secret, channel?.webhookSecretHash ?? UNKNOWN_TENANT_DIGEST);
  if (!channel || !matches)
    return { kind: "rejected", status: 403, message: "webhook secret does not match" };

  let body: unknown;
  try {
    body = JSON.parse(request.rawBody);
  } catch {
    return { kind: "rejected", status: 400, message: "body is not valid JSON", field: "(body)" };
  }
  const update = TelegramUpdateSchema.safeParse(body);
  if (!update.success) return { kind: "invalid", issues: update.error.issues };
  return {
    kind: "accepted",
    events: [{ kind: "telegram.update", update: update.data }],
    reply: { json: { ok: true } },
    logged: { update_id: update.data.update_id },
  };
};
