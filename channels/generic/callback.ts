/**
 * Cairn's messages to the tenant's callback URL: the payload as JSON (payloads.ts), signed with
 * the channel's secret exactly as inbound requests are, with the part's idempotency key as the
 * body's `id` and the Idempotency-Key header, so a receiver drops a retry it already handled.
 * Answers map onto the outbox's decisions: 429 waits for Retry-After, 5xx and network errors back
 * off, 404/410 mean the receiver is gone, any other non-2xx fails the send for good.
 */
import type { Button, OutboundPayload } from "../message";
import { ChannelSendError } from "../send-error";
import { CallbackAnswerSchema, type WebhookCallbackBody } from "./payloads";
import { signedWebhookHeaders } from "./signature";

/** The most characters one callback message carries; longer text is split into several. */
export const WEBHOOK_MESSAGE_LIMIT = 16_000;

export class WebhookCallbackError extends ChannelSendError {
  override name = "WebhookCallbackError";
}

export interface CallbackTarget {
  url: string;
  secret: string;
  now(): number;
  fetch?: typeof fetch;
}

/** Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function retryAfterSeconds(value: string | null, nowMs: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Math.max(1, Number(value.trim()));
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(1, Math.ceil((at - nowMs) / 1000));
}

const rows = (buttons: Button[][] | undefined) =>
  (buttons ?? []).map((row) => row.map((b) => ({ text: b.text, data: b.data })));

export function callbackBody(payload: OutboundPayload, id: string): WebhookCallbackBody {
  if (payload.type === "callback_answer")
    return { id, type: "button_answer", button: payload.callbackId, text: payload.text };
  if (payload.type === "edit_message")
    return {
      id,
      type: "edit",
      conversation: payload.conversationId,
      messageId: payload.platformMessageId,
      text: payload.text,
      // Always present: an empty list takes the buttons off (a decided card).
      buttons: rows(payload.buttons),
    };
  return {
    id,
    type: "message",
    conversation: payload.conversationId,
    ...(payload.threadKey ? { thread: payload.threadKey } : {}),
    ...(payload.replyToMessageId ? { replyTo: payload.replyToMessageId } : {}),
    text: payload.text,
    ...(payload.buttons?.length ? { buttons: rows(payload.buttons) } : {}),
  };
}

/**
 * POSTs one payload; returns the id of the message on the receiver's side: the `messageId` it
 * answered with, else the body's `id` (which a button event may then name as its card).
 */
export async function sendWebhookCallback(
  target: CallbackTarget,
  payload: OutboundPayload,
  idempotencyKey: string,
): Promise<string | undefined> {
  const body = callbackBody(payload, idempotencyKey);
  const raw = JSON.stringify(body);
  const headers = {
    "content-type": "application/json",
    "idempotency-key": idempotencyKey,
    ...(await signedWebhookHeaders(target.secret, raw, Math.floor(target.now() / 1000))),
  };
  let response: Response;
  try {
    // A redirect is not followed: the signed body goes only where the tenant said.
    response = await (target.fetch ?? fetch)(target.url, {
      method: "POST",
      headers,
      body: raw,
      redirect: "manual",
    });
  } catch (error) {
    throw new WebhookCallbackError(
      `network error calling the callback URL: ${String(error)}`,
      599,
      undefined,
    );
  }
  if (response.status === 429) {
    const wait = retryAfterSeconds(response.headers.get("retry-after"), target.now()) ?? 1;
    throw new WebhookCallbackError("callback URL rate limited the send", 429, wait);
  }
  if (!response.ok) {
    const detail = (await response.text().catch(() => "")).slice(0, 200);
    throw new WebhookCallbackError(
      `callback URL answered ${response.status}${detail ? `: ${detail}` : ""}`,
      response.status,
      undefined,
    );
  }
  if (payload.type === "callback_answer") return undefined;
  if (payload.type === "edit_message") return payload.platformMessageId;
  const answer = CallbackAnswerSchema.safeParse(await response.json().catch(() => ({})));
  return (answer.success ? answer.data.messageId : undefined) ?? idempotencyKey;
}
