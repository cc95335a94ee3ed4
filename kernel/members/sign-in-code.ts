/**
 * One-time sign-in codes for the dashboard: six digits, sent to a member's chat, short-lived,
 * good once and for a few tries. Only a digest is stored, salted with the tenant and the member so
 * the same code for two members never has the same digest.
 */
import { sha256Hex } from "../digest";
import { cryptoRandom, type RandomSource } from "../ids";

export const SIGN_IN_CODE = {
  digits: 6,
  /** A code is good for ten minutes after it was sent. */
  ttlMs: 10 * 60_000,
  /** Wrong tries against one code before it is spent. */
  maxAttempts: 5,
  /** Codes a member may ask for in `requestWindowMs`: with maxAttempts, at most 25 guesses per window. */
  maxRequests: 5,
  requestWindowMs: 15 * 60_000,
} as const;

/** A uniformly drawn code of SIGN_IN_CODE.digits digits (rejection sampling: no modulo bias). */
export function newSignInCode(random: RandomSource = cryptoRandom): string {
  const range = 10 ** SIGN_IN_CODE.digits;
  const limit = Math.floor(0x1_0000_0000 / range) * range;
  for (;;) {
    const [a = 0, b = 0, c = 0, d = 0] = random(4);
    const value = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
    if (value < limit) return String(value % range).padStart(SIGN_IN_CODE.digits, "0");
  }
}

export function signInCodeDigest(tenantId: string, memberId: string, code: string): Promise<string> {
  return sha256Hex(`sign-in:${tenantId}:${memberId}:${code}`);
}

/** What a person may type: the digits, with spaces or dashes they copied along. */
export function normalizeTypedCode(typed: string): string {
  return typed.replace(/[\s-]/g, "");
}
