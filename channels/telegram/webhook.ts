/**
 * Telegram's webhook: the secret token Telegram repeats in a header (set with setWebhook), then
 * the Update. Nothing is stored here; a valid update becomes one queued event.
 */
import { secretMatchesDigest } from "../../kernel/digest";
import { parseBoundedJson } from "../../kernel/request-limits";
import type { WebhookEndpoint, WebhookIngress } from "../adapter";
import { type TelegramUpdate, TelegramUpdateSchema } from "./update";

export const SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
/** Compared against when the tenant has no channel, so unknown tenants cost the same time. */
const UNKNOWN_TENANT_DIGEST = "0".repeat(64);

/**
 * How long an update_id is remembered by the gateway's replay cache. Telegram signs nothing and
 * has no timestamp window; it keeps an update it could not deliver for at most 24 hours, so an
 * update_id older than that is never a redelivery.
 */
export const TELEGRAM_REPLAY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Who sent the update: a user id, or `chat:<id>` for a channel or anonymous admin. */
export function telegramSender(update: TelegramUpdate): string | undefined {
  const message = update.message ?? update.edited_message ?? update.channel_post;
  const user =
    message?.from ??
    update.callback_query?.from ??
    update.my_chat_member?.from ??
    update.message_reaction?.user;
  if (user) return String(user.id);
  const chat = message?.sender_chat ?? update.message_reaction?.actor_chat;
  return chat ? `chat:${chat.id}` : undefined;
}

function ingressOf(update: TelegramUpdate, now: number): WebhookIngress {
  const sender = telegramSender(update);
  return {
    ...(sender ? { sender } : {}),
    replay: { key: `update:${update.update_id}`, until: now + TELEGRAM_REPLAY_WINDOW_MS },
  };
}

export const telegramUpdateEndpoint: WebhookEndpoint = async (request, context) => {
  const secret = request.headers.get(SECRET_HEADER);
  if (!secret) return { kind: "rejected", status: 401, message: `missing ${SECRET_HEADER} header` };

  const channel = await context.channel();
  const matches = await secretMatchesDigest(secret, channel?.webhookSecretHash ?? UNKNOWN_TENANT_DIGEST);
  if (!channel || !matches)
    return { kind: "rejected", status: 403, message: "webhook secret does not match" };

  const body = parseBoundedJson(request.rawBody);
  if (!body.ok) return { kind: "rejected", status: 400, message: body.message, field: "(body)" };
  const update = TelegramUpdateSchema.safeParse(body.value);
  if (!update.success) return { kind: "invalid", issues: update.error.issues };
  return {
    kind: "accepted",
    events: [{ kind: "telegram.update", update: update.data }],
    reply: { json: { ok: true } },
    logged: { update_id: update.data.update_id },
    ingress: ingressOf(update.data, request.now),
  };
};
