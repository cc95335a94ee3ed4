/**
 * Expands the secret set templates (bench/data/privacy/secrets-{dev,test}.ts) into labelled
 * messages: every shape of every provider, placed in each carrier, with seeded random characters.
 */
import * as devSet from "./data/privacy/secrets-dev";
import * as testSet from "./data/privacy/secrets-test";

export interface SecretMessage {
  id: string;
  provider: string;
  text: string;
  /** Where the planted secret is; absent for look-alike messages. */
  secret?: { start: number; end: number };
}

const alphabets: Record<string, string> = {
  alnum: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
  alnumdash: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
  alpha: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
  hex: "0123456789abcdef",
  HEX: "0123456789ABCDEF",
  lower: "abcdefghijklmnopqrstuvwxyz",
  lowernum: "abcdefghijklmnopqrstuvwxyz0123456789",
  UPNUM: "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
  digits: "0123456789",
  b64: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
  b64url: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
  BECH: "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L",
};

/** mulberry32: small, seeded, reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function expandShape(shape: string, random: () => number): string {
  return shape
    .replace(/\{(\d+)(?:-(\d+))?:(\w+)\}/g, (_whole, from: string, to: string | undefined, set: string) => {
      const alphabet = alphabets[set];
      if (!alphabet) throw new Error(`unknown alphabet ${set}`);
      const min = Number(from);
      const length = to ? min + Math.floor(random() * (Number(to) - min + 1)) : min;
      let out = "";
      for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
      return out;
    })
    .replace(/\\n/g, "\n");
}

export function buildSecretSet(name: "dev" | "test"): {
  secrets: SecretMessage[];
  lookalikes: SecretMessage[];
} {
  const set = name === "dev" ? devSet : testSet;
  const random = seededRandom(name === "dev" ? 2024 : 1812);
  const secrets: SecretMessage[] = [];
  for (const [provider, shapes] of Object.entries(set.providerShapes)) {
    shapes.forEach((shape, shapeIndex) => {
      // Each shape in three carriers, rotating through them, so every carrier is used.
      for (let k = 0; k < 3; k++) {
        const carrier = set.carriers[(secrets.length + k) % set.carriers.length]!;
        const secret = expandShape(shape, random);
        const at = carrier.indexOf("%s");
        const text = carrier.slice(0, at) + secret + carrier.slice(at + 2);
        secrets.push({
          id: `${name}-${provider}-${shapeIndex}-${k}`,
          provider,
          text,
          secret: { start: at, end: at + secret.length },
        });
      }
    });
  }
  const lookalikes = set.chatLookalikes.map((text, index) => ({
    id: `${name}-look-${index + 1}`,
    provider: "none",
    text,
  }));
  return { secrets, lookalikes };
}
