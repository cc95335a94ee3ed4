/**
 * A small client for the LINE Messaging API calls Cairn makes: push (POST /v2/bot/message/push)
 * with an `X-Line-Retry-Key`, reply (POST /v2/bot/message/reply) to answer a button press. Errors
 * carry what the outbound queue needs: 429 waits (Retry-After when LINE sends one), 5xx and
 * network errors back off, a 409 on a retry key means LINE already accepted that push (a success),
 * and the rest fail for good.
 */
import { sha256Hex } from "../../kernel/digest";
import type { OutboundPayload } from "../message";
import { ChannelSendError } from "../send-error";
import { LINE_TEXT_LIMIT, lineMessage } from "./messages";

export const LINE_API_BASE = "https://api.line.me";
export { LINE_TEXT_LIMIT };

export class LineApiError extends ChannelSendError {
  override name = "LineApiError";
  constructor(
    message: string,
    status: number,
    retryAfterSeconds: number | undefined,
    /** A 429 for the month's message quota: waiting a few seconds will not help. */
    readonly quotaExhausted = false,
  ) {
    super(message, status, retryAfterSeconds);
  }
  override get retryable(): boolean {
    return super.retryable && !this.quotaExhausted;
  }
}

export interface LineApiTarget {
  apiBase: string;
  token: string;
  fetch?: typeof fetch;
}

/**
 * The retry key for one delivery attempt chain: a UUID (LINE asks for "a hexadecimal UUID") made
 * from the part's idempotency key, so every retry of the same part sends the same key.
 * @example await lineRetryKey("out_abc:0") // "3c1f…-…-4…-8…-…"
 */
export async function lineRetryKey(idempotencyKey: string): Promise<string> {
  const hex = (await sha256Hex(`line-retry:${idempotencyKey}`)).slice(0, 32).split("");
  hex[12] = "4"; // version 4 layout
  hex[16] = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16); // RFC 4122 variant
  const h = hex.join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function retryAfter(response: Response): number | undefined {
  const value = Number(response.headers.get("retry-after"));
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

async function call(
  target: LineApiTarget,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown }> {
  let response: Response;
  try {
    response = await (target.fetch ?? fetch)(`${target.apiBase}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${target.token}`, ...headers },
      body: JSON.stringify(body),
    });
  } catch (error) {
    throw new LineApiError(`network error calling ${path}: ${String(error)}`, 599, undefined);
  }
  const json: unknown = await response.json().catch(() => null);
  if (response.ok || response.status === 409) return { status: response.status, json };
  const message = (json as { message?: unknown } | null)?.message;
  const detail = typeof message === "string" ? message : `status ${response.status}`;
  if (response.status === 429) {
    // LINE answers the same status for the request rate and for the month's quota.
    const quota = /monthly limit/i.test(detail);
    throw new LineApiError(`${path} rate limited: ${detail}`, 429, retryAfter(response) ?? 1, quota);
  }
  throw new LineApiError(`${path} failed: ${detail}`, response.status, undefined);
}

function sentMessageId(json: unknown): string | undefined {
  const sent = (json as { sentMessages?: Array<{ id?: unknown }> } | null)?.sentMessages;
  const id = sent?.[0]?.id;
  return typeof id === "string" ? id : undefined;
}

/**
 * Sends one payload; returns the id of the message LINE created, when it says. LINE cannot edit a
 * message once sent, so an edit (a decided card) sends nothing: the card keeps its buttons, and a
 * later press is answered with what became of the proposal.
 */
export async function sendLinePayload(
  target: LineApiTarget,
  payload: OutboundPayload,
  idempotencyKey: string,
): Promise<string | undefined> {
  if (payload.type === "callback_answer") {
    await call(target, "/v2/bot/message/reply", {
      replyToken: payload.callbackId,
      messages: [{ type: "text", text: payload.text.slice(0, LINE_TEXT_LIMIT) || " " }],
    });
    return undefined;
  }
  if (payload.type === "edit_message") return payload.platformMessageId;
  const answer = await call(
    target,
    "/v2/bot/message/push",
    { to: payload.conversationId, messages: [lineMessage(payload.text, payload.buttons)] },
    { "X-Line-Retry-Key": await lineRetryKey(idempotencyKey) },
  );
  // 409: this retry key was accepted before (the earlier attempt's answer was lost); LINE does not
  // say the message's id again.
  return answer.status === 409 ? undefined : sentMessageId(answer.json);
}
