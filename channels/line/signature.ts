/**
 * LINE's webhook signature (Messaging API, "Verify the signature"): `X-Line-Signature` is the
 * base64 HMAC-SHA256 of the raw request body, keyed with the channel secret. LINE signs no
 * timestamp, so there is no window to check; redeliveries are recognised by their
 * `webhookEventId` instead. Compared in constant time, over the body exactly as received.
 */
import { constantTimeEqual, hmacSha256Base64 } from "../../kernel/digest";

export const LINE_SIGNATURE_HEADER = "X-Line-Signature";

export function lineSignature(channelSecret: string, rawBody: string): Promise<string> {
  return hmacSha256Base64(channelSecret, rawBody);
}

export type LineSignatureCheck = { ok: true } | { ok: false; missing: boolean; reason: string };

export async function verifyLineSignature(input: {
  channelSecret: string;
  signature: string | null | undefined;
  rawBody: string;
}): Promise<LineSignatureCheck> {
  // A SHA-256 digest in base64 is 44 characters, the last one padding.
  if (!input.signature || !/^[A-Za-z0-9+/]{43}=$/.test(input.signature))
    return { ok: false, missing: true, reason: `missing or malformed ${LINE_SIGNATURE_HEADER}` };
  const expected = await lineSignature(input.channelSecret, input.rawBody);
  return constantTimeEqual(expected, input.signature)
    ? { ok: true }
    : { ok: false, missing: false, reason: "signature does not match" };
}
