/**
 * Ingress protection, the pure part: what the gateway asks before it queues an authenticated
 * webhook (per-tenant and per-sender limits, and a replay cache), the verdicts, the limits read
 * from configuration, and the fixed windows both backends count in. The backends are the
 * embedded IngressLimiter Durable Object (one per tenant) and Upstash Redis
 * (runtime/ingress/); both pass one contract suite (test/workers/ingress/).
 */
import { z } from "zod";

/** One authenticated request, as the gateway asks about it. */
export interface IngressRequest {
  tenantId: string;
  platform: string;
  /** The platform user who sent it (from the adapter's parse), when the request names one. */
  sender?: string;
  /** A stable identity of the request after verification, remembered until `until` (epoch ms). */
  replay?: IngressReplay;
  at: number;
}

export interface IngressReplay {
  key: string;
  until: number;
}

/** Which budget refused a request. */
export type IngressScope = "sender" | "tenant";

export type IngressVerdict =
  | { admitted: true }
  /** The same request was admitted before, inside its window: answer it, do no work. */
  | { admitted: false; reason: "replay" }
  | { admitted: false; reason: IngressScope; retryAfterMs: number };

/** Requests per window; 0 switches a limit off. */
export interface IngressLimits {
  tenantLimit: number;
  senderLimit: number;
  windowMs: number;
}

/** What every backend does; the gateway holds one of these. */
export interface IngressGuard {
  readonly backend: string;
  /**
   * Replay first (a replay counts against nothing), then the sender's budget, then the
   * tenant's. An admitted request is counted and its replay key remembered; a refused one
   * remembers no key, so the platform's retry of it is not a replay.
   */
  admit(request: IngressRequest, limits: IngressLimits): Promise<IngressVerdict>;
  /** Forgets a replay key whose request could not be queued after all, so its retry is new. */
  release(tenantId: string, platform: string, key: string): Promise<void>;
}

export const DEFAULT_INGRESS_LIMITS: IngressLimits = {
  tenantLimit: 600,
  senderLimit: 60,
  windowMs: 60_000,
};

const count = z.coerce.number().int().min(0).max(1_000_000);

/** Each setting: its schema and the value used when it is unset or does not parse. */
const FIELDS = {
  INGRESS_TENANT_LIMIT: { schema: count, fallback: DEFAULT_INGRESS_LIMITS.tenantLimit },
  INGRESS_SENDER_LIMIT: { schema: count, fallback: DEFAULT_INGRESS_LIMITS.senderLimit },
  INGRESS_WINDOW_SECONDS: { schema: z.coerce.number().int().min(1).max(3600), fallback: 60 },
  INGRESS_UPSTASH_TIMEOUT_MS: { schema: z.coerce.number().int().min(50).max(10_000), fallback: 1000 },
} as const;
const UpstashSchema = z.object({ url: z.url(), token: z.string().min(1) });

export interface IngressSettings {
  limits: IngressLimits;
  /** Set when both UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN are. */
  upstash?: { url: string; token: string; timeoutMs: number };
  /** Names of settings that were set but did not parse (their defaults apply); logged once. */
  invalid: string[];
}

/**
 * The settings from the Worker's environment. A value that does not parse falls back to its
 * default (a typo must not take the webhooks down), and is named in `invalid`.
 */
export function ingressSettings(env: object): IngressSettings {
  const raw = env as Record<string, unknown>;
  const invalid: string[] = [];
  const read = (name: keyof typeof FIELDS): number => {
    const value = raw[name];
    if (value === undefined || value === "") return FIELDS[name].fallback;
    const parsed = FIELDS[name].schema.safeParse(value);
    if (parsed.success) return parsed.data;
    invalid.push(name);
    return FIELDS[name].fallback;
  };
  const limits: IngressLimits = {
    tenantLimit: read("INGRESS_TENANT_LIMIT"),
    senderLimit: read("INGRESS_SENDER_LIMIT"),
    windowMs: read("INGRESS_WINDOW_SECONDS") * 1000,
  };
  const timeoutMs = read("INGRESS_UPSTASH_TIMEOUT_MS");
  const url = raw.UPSTASH_REDIS_REST_URL;
  const token = raw.UPSTASH_REDIS_REST_TOKEN;
  if (url === undefined && token === undefined) return { limits, invalid };
  const upstash = UpstashSchema.safeParse({ url, token });
  if (!upstash.success) {
    invalid.push("UPSTASH_REDIS_REST_URL/UPSTASH_REDIS_REST_TOKEN (both are needed)");
    return { limits, invalid };
  }
  return { limits, upstash: { ...upstash.data, timeoutMs }, invalid };
}

/** The fixed window `at` falls in: its start, and how long until it ends. */
export function ingressWindow(at: number, windowMs: number): { start: number; remainingMs: number } {
  const start = Math.floor(at / windowMs) * windowMs;
  return { start, remainingMs: start + windowMs - at };
}

/** Seconds for a Retry-After header: whole seconds, at least one. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
