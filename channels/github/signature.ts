/**
 * GitHub's webhook signature ("Validating webhook deliveries"): `X-Hub-Signature-256` is
 * `sha256=` + hex HMAC-SHA256 of the raw payload under the webhook's secret. GitHub signs no
 * timestamp; a delivery is named by `X-GitHub-Delivery` instead. Compared in constant time.
 */
import { constantTimeEqual, hmacSha256Hex } from "../../kernel/digest";

export const GITHUB_SIGNATURE_HEADER = "X-Hub-Signature-256";
export const GITHUB_EVENT_HEADER = "X-GitHub-Event";
export const GITHUB_DELIVERY_HEADER = "X-GitHub-Delivery";

export async function githubSignature(secret: string, rawBody: string): Promise<string> {
  return `sha256=${await hmacSha256Hex(secret, rawBody)}`;
}

export type GithubSignatureCheck = { ok: true } | { ok: false; missing: boolean; reason: string };

export async function verifyGithubSignature(input: {
  secret: string;
  signature: string | null | undefined;
  rawBody: string;
}): Promise<GithubSignatureCheck> {
  if (!input.signature || !/^sha256=[0-9a-f]{64}$/.test(input.signature))
    return { ok: false, missing: true, reason: `missing or malformed ${GITHUB_SIGNATURE_HEADER}` };
  return constantTimeEqual(await githubSignature(input.secret, input.rawBody), input.signature)
    ? { ok: true }
    : { ok: false, missing: false, reason: "signature does not match" };
}
