/**
 * Slack request signing (https://api.slack.com/authentication/verifying-requests-from-slack):
 * `v0=` + hex(HMAC-SHA256(signing secret, `v0:<timestamp>:<raw body>`)), over the raw body as
 * received, with the timestamp within five minutes of now so a captured request cannot be replayed.
 */
import { constantTimeEqual, hmacSha256Hex } from "../../kernel/digest";

export const SLACK_SIGNATURE_HEADER = "X-Slack-Signature";
export const SLACK_TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";
export const SLACK_MAX_SKEW_SECONDS = 5 * 60;

export async function slackSignature(secret: string, timestamp: string, rawBody: string): Promise<string> {
  return `v0=${await hmacSha256Hex(secret, `v0:${timestamp}:${rawBody}`)}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export async function verifySlackSignature(input: {
  signingSecret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: string;
  nowSeconds: number;
}): Promise<SignatureCheck> {
  const { timestamp, signature } = input;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) {
    return { ok: false, reason: `missing or malformed ${SLACK_TIMESTAMP_HEADER}` };
  }
  if (Math.abs(input.nowSeconds - Number(timestamp)) > SLACK_MAX_SKEW_SECONDS) {
    return { ok: false, reason: "request timestamp is more than five minutes from now" };
  }
  if (!signature?.startsWith("v0="))
    return { ok: false, reason: `missing or malformed ${SLACK_SIGNATURE_HEADER}` };
  const expected = await slackSignature(input.signingSecret, timestamp, input.rawBody);
  return constantTimeEqual(expected, signature)
    ? { ok: true }
    : { ok: false, reason: "signature does not match" };
}
