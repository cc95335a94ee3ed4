/**
 * The generic webhook's signature (docs/channels/webhook.md), the same in both directions:
 *   X-Cairn-Timestamp: <unix seconds>
 *   X-Cairn-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 * The timestamp is inside the signed text, so a captured request cannot be replayed with a fresh
 * one, and a request whose timestamp is more than five minutes from now is refused. Pure: the
 * clock is passed in, and failures are returned as reasons rather than thrown.
 */
import { constantTimeEqual, hmacSha256Hex } from "../../kernel/digest";

export const WEBHOOK_SIGNATURE_HEADER = "X-Cairn-Signature";
export const WEBHOOK_TIMESTAMP_HEADER = "X-Cairn-Timestamp";
export const WEBHOOK_MAX_SKEW_SECONDS = 5 * 60;
const VERSION = "v1=";

/** The signature header's value for `rawBody` sent at `timestamp` (unix seconds, as a string). */
export async function webhookSignature(secret: string, timestamp: string, rawBody: string): Promise<string> {
  return `${VERSION}${await hmacSha256Hex(secret, `${timestamp}.${rawBody}`)}`;
}

/** Both headers for a body sent now, for Cairn's own callbacks and for tests and the CLI. */
export async function signedWebhookHeaders(
  secret: string,
  rawBody: string,
  nowSeconds: number,
): Promise<Record<string, string>> {
  const timestamp = String(nowSeconds);
  return {
    [WEBHOOK_TIMESTAMP_HEADER]: timestamp,
    [WEBHOOK_SIGNATURE_HEADER]: await webhookSignature(secret, timestamp, rawBody),
  };
}

export type WebhookSignatureCheck = { ok: true } | { ok: false; reason: string; missing: boolean };

export async function verifyWebhookSignature(input: {
  secret: string;
  timestamp: string | undefined | null;
  signature: string | undefined | null;
  rawBody: string;
  nowSeconds: number;
}): Promise<WebhookSignatureCheck> {
  const { timestamp, signature } = input;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp))
    return { ok: false, missing: true, reason: `missing or malformed ${WEBHOOK_TIMESTAMP_HEADER}` };
  if (!signature || !/^v1=[0-9a-f]{64}$/.test(signature))
    return { ok: false, missing: true, reason: `missing or malformed ${WEBHOOK_SIGNATURE_HEADER}` };
  if (Math.abs(input.nowSeconds - Number(timestamp)) > WEBHOOK_MAX_SKEW_SECONDS)
    return { ok: false, missing: false, reason: "request timestamp is more than five minutes from now" };
  const expected = await webhookSignature(input.secret, timestamp, input.rawBody);
  return constantTimeEqual(expected, signature)
    ? { ok: true }
    : { ok: false, missing: false, reason: "signature does not match" };
}
