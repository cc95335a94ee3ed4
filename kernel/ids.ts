/**
 * Identifiers: a prefix that says what the id names, a time component so ids sort by creation,
 * and randomness from an injected source (crypto by default, seeded in tests).
 */
import type { Clock } from "./clock";

export type RandomSource = (bytes: number) => Uint8Array;

export const cryptoRandom: RandomSource = (bytes) => crypto.getRandomValues(new Uint8Array(bytes));

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

function encode(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += ALPHABET[byte % 32];
  return out;
}

export interface IdSource {
  next(prefix: string): string;
}

export function createIdSource(clock: Clock, random: RandomSource = cryptoRandom): IdSource {
  return {
    next(prefix) {
      const time = clock.now().toString(36).padStart(9, "0");
      return `${prefix}_${time}${encode(random(10))}`;
    },
  };
}

/** A URL-safe random secret (admin tokens, webhook secrets). */
export function randomSecret(bytes = 24, random: RandomSource = cryptoRandom): string {
  const raw = random(bytes);
  let binary = "";
  for (const byte of raw) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");
}
