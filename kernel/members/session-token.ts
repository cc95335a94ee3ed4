/**
 * Dashboard session tokens and their CSRF tokens. The cookie carries a random secret; D1 keeps
 * only its SHA-256. The CSRF token is an HMAC of the session's secret, so it needs no storage,
 * changes with every session, and cannot be computed by a page that cannot read the cookie.
 */
import { constantTimeEqual, hmacSha256Hex, sha256Hex } from "../digest";
import { randomSecret } from "../ids";

export const SESSION = {
  /** A session lasts a working week; signing in again is one code away. */
  ttlMs: 7 * 24 * 60 * 60_000,
  cookie: "cairn_session",
} as const;

export function newSessionSecret(): string {
  return randomSecret(32);
}

export function sessionDigest(secret: string): Promise<string> {
  return sha256Hex(`session:${secret}`);
}

export function csrfTokenFor(secret: string): Promise<string> {
  return hmacSha256Hex(secret, "cairn-dashboard-csrf");
}

export async function csrfTokenMatches(secret: string, presented: string): Promise<boolean> {
  return constantTimeEqual(await csrfTokenFor(secret), presented);
}
