/**
 * Maps whatever a provider SDK throws to a ProviderError the fallback logic can act on.
 * Both SDKs expose `status` and `headers` on their API errors, so one mapping serves both; the
 * SDKs' own retries are switched off so that Retry-After reaches the cooldown tracker instead.
 */
import { ProviderError } from "./types";

interface ErrorWithResponse {
  status?: unknown;
  headers?: unknown;
  error?: unknown;
  name?: unknown;
  message?: unknown;
}

/** Statuses worth trying again elsewhere: timeouts, conflicts, rate limits, server trouble (incl. 529). */
function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (headers && typeof (headers as Headers).get === "function")
    return (headers as Headers).get(name) ?? undefined;
  if (headers && typeof headers === "object") {
    const value = (headers as Record<string, unknown>)[name];
    return typeof value === "string" ? value : undefined;
  }
  return undefined;
}

/**
 * Reads Retry-After (seconds or an HTTP date) and the millisecond variant some APIs send.
 * Rounded up to whole seconds so a cooldown never ends before the provider's.
 */
export function retryAfterSecondsFrom(headers: unknown, nowMs: number = Date.now()): number | undefined {
  const ms = headerValue(headers, "retry-after-ms");
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.ceil(Number(ms) / 1_000);
  const value = headerValue(headers, "retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - nowMs) / 1_000));
}

/** The machine-readable code inside an OpenAI error body (`{"error":{"code":…}}`), if any. */
function errorCode(body: unknown): string | undefined {
  if (!body || typeof body !== "object") return undefined;
  const record = body as Record<string, unknown>;
  const inner = (record.error && typeof record.error === "object" ? record.error : record) as Record<
    string,
    unknown
  >;
  const code = inner.code ?? inner.type;
  return typeof code === "string" ? code : undefined;
}

/** Codes that come with a 429 but mean money or quota ran out: retrying elsewhere soon is pointless. */
const EXHAUSTED_QUOTA_CODES = new Set(["insufficient_quota", "billing_hard_limit_reached", "billing_error"]);

export function toProviderError(providerId: string, error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const candidate = (error ?? {}) as ErrorWithResponse;
  const name = typeof candidate.name === "string" ? candidate.name : "";
  const message = typeof candidate.message === "string" ? candidate.message : String(error);
  if (typeof candidate.status === "number") {
    const status = candidate.status;
    const code = errorCode(candidate.error);
    const exhausted = code !== undefined && EXHAUSTED_QUOTA_CODES.has(code);
    return new ProviderError(
      `${providerId} answered ${status}${code ? ` (${code})` : ""}: ${message}`,
      providerId,
      status,
      retryAfterSecondsFrom(candidate.headers),
      isRetryableStatus(status) && !exhausted,
    );
  }
  // SDK error classes are matched by name, not instanceof, so one mapping serves both SDKs.
  const className = error instanceof Error ? error.constructor.name : "";
  if (/timeout/i.test(`${name} ${className}`) || /timed? ?out/i.test(message)) {
    return new ProviderError(`${providerId} timed out: ${message}`, providerId, undefined, undefined, true);
  }
  if (/connection/i.test(`${name} ${className} ${message}`) || error instanceof TypeError) {
    return new ProviderError(
      `${providerId} could not be reached: ${message}`,
      providerId,
      undefined,
      undefined,
      true,
    );
  }
  return new ProviderError(`${providerId} failed: ${message}`, providerId, undefined, undefined, false);
}
