/** Hashing and constant-time comparison for secrets that arrive over HTTP. */

const encoder = new TextEncoder();

function hex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export async function sha256Hex(value: string): Promise<string> {
  return hex(await crypto.subtle.digest("SHA-256", encoder.encode(value)));
}

async function hmacSha256(secret: string, message: string): Promise<ArrayBuffer> {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return crypto.subtle.sign("HMAC", key, encoder.encode(message));
}

/** HMAC-SHA256 of `message` under `secret`, as lower-case hex (Slack signatures, signed links). */
export async function hmacSha256Hex(secret: string, message: string): Promise<string> {
  return hex(await hmacSha256(secret, message));
}

/** HMAC-SHA256 of `message` under `secret`, as standard base64 with padding (LINE's X-Line-Signature). */
export async function hmacSha256Base64(secret: string, message: string): Promise<string> {
  return btoa(String.fromCharCode(...new Uint8Array(await hmacSha256(secret, message))));
}

/**
 * Compares two strings without an early exit, so the time taken does not reveal how much of
 * a guessed secret was right. Callers compare digests of equal length.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = encoder.encode(a);
  const right = encoder.encode(b);
  let difference = left.length ^ right.length;
  const length = Math.max(left.length, right.length);
  for (let i = 0; i < length; i++) difference |= (left[i] ?? 0) ^ (right[i] ?? 0);
  return difference === 0;
}

/** Checks a presented secret against a stored SHA-256 digest in constant time. */
export async function secretMatchesDigest(presented: string, storedDigest: string): Promise<boolean> {
  return constantTimeEqual(await sha256Hex(presented), storedDigest);
}
