/**
 * The hosted ingress guard: Upstash Redis over its REST API (@upstash/redis, which speaks it with
 * fetch and runs in workerd). Plain commands in pipelines (POST <url>/pipeline, a JSON array of
 * commands, answered by an array of {"result": …}), no Lua: every step is a documented command
 * the tests' fake implements as Redis does, so the logic tested is the logic that runs.
 *
 * One accepted request is two round trips, seven commands at most:
 *   1. EXISTS replay · INCR sender · PEXPIREAT sender · GET tenant
 *   2. INCR tenant · PEXPIREAT tenant · SET replay 1 NX PXAT <until>
 * A sender over its budget or a tenant already full is answered after the first; a replay is
 * answered after the first and its sender count given back (DECR), so a replay counts against
 * nothing. Only a request its sender may send touches the tenant's counter, so one sender's flood
 * cannot use up its tenant's budget. The SET NX of the second step is the replay check that
 * counts: of two copies racing, one gets OK. The rarer losers of a race give back what they took.
 */
import { Redis } from "@upstash/redis/cloudflare";
import { type IngressGuard, type IngressVerdict, ingressWindow } from "../../kernel/ingress";

export interface UpstashIngressConfig {
  url: string;
  token: string;
  /** Each REST call is abandoned after this long (the caller then falls back). */
  timeoutMs: number;
  /** Key prefix; every key then names the tenant. */
  prefix?: string;
}

/** Counter keys outlive their window by this much, so a late request still sees its window. */
const EXPIRY_MARGIN_MS = 1000;

const asCount = (value: unknown): number => {
  if (value === null || value === undefined) return 0;
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) throw new Error(`Upstash answered a non-numeric count: ${String(value)}`);
  return n;
};

export function createUpstashIngressGuard(config: UpstashIngressConfig): IngressGuard {
  const redis = new Redis({
    url: config.url,
    token: config.token,
    // Fail fast and let the caller fall back: no retries, a timeout per call (a function, so an
    // abort throws instead of being turned into a made-up result), plain JSON answers.
    retry: { retries: 0 },
    signal: () => AbortSignal.timeout(config.timeoutMs),
    responseEncoding: false,
    automaticDeserialization: false,
    enableTelemetry: false,
    // Each request's commands go out as written (its own pipelines), never batched with another
    // request's, so one request's failure falls back for that request alone.
    enableAutoPipelining: false,
    keepAlive: false,
  });
  const prefix = config.prefix ?? "cairn:ingress";
  const replayKeyOf = (tenantId: string, platform: string, key: string) =>
    `${prefix}:${tenantId}:replay:${platform}:${key}`;

  return {
    backend: "upstash",
    async admit(request, limits): Promise<IngressVerdict> {
      const window = ingressWindow(request.at, limits.windowMs);
      const expiresAt = window.start + limits.windowMs + EXPIRY_MARGIN_MS;
      const replayKey = request.replay
        ? replayKeyOf(request.tenantId, request.platform, request.replay.key)
        : undefined;
      const senderKey =
        request.sender !== undefined && limits.senderLimit > 0
          ? `${prefix}:${request.tenantId}:sender:${request.platform}:${request.sender}:${window.start}`
          : undefined;
      const tenantKey =
        limits.tenantLimit > 0 ? `${prefix}:${request.tenantId}:tenant:${window.start}` : undefined;

      const first = redis.pipeline();
      if (replayKey) first.exists(replayKey);
      if (senderKey) first.incr(senderKey).pexpireat(senderKey, expiresAt);
      if (tenantKey) first.get(tenantKey);
      const firstResults = first.length() > 0 ? await first.exec() : [];
      // Results come in the order queued: [EXISTS]? [INCR, PEXPIREAT]? [GET]?
      const senderAt = replayKey ? 1 : 0;
      const tenantAt = senderAt + (senderKey ? 2 : 0);
      const replayed = replayKey ? asCount(firstResults[0]) > 0 : false;
      const senderCount = senderKey ? asCount(firstResults[senderAt]) : 0;
      const tenantCount = tenantKey ? asCount(firstResults[tenantAt]) : 0;

      if (replayed) {
        if (senderKey) await redis.decr(senderKey);
        return { admitted: false, reason: "replay" };
      }
      if (senderKey && senderCount > limits.senderLimit)
        return { admitted: false, reason: "sender", retryAfterMs: window.remainingMs };
      if (tenantKey && tenantCount >= limits.tenantLimit)
        return { admitted: false, reason: "tenant", retryAfterMs: window.remainingMs };

      const second = redis.pipeline();
      if (tenantKey) second.incr(tenantKey).pexpireat(tenantKey, expiresAt);
      if (replayKey && request.replay) second.set(replayKey, "1", { nx: true, pxat: request.replay.until });
      if (second.length() === 0) return { admitted: true };
      const secondResults = await second.exec();
      const tenantAfter = tenantKey ? asCount(secondResults[0]) : 0;
      const replaySet = replayKey ? secondResults[secondResults.length - 1] === "OK" : true;

      if (!replaySet) {
        // A copy of this request was admitted in between: give back what this one took.
        const undo = redis.pipeline();
        if (tenantKey) undo.decr(tenantKey);
        if (senderKey) undo.decr(senderKey);
        if (undo.length() > 0) await undo.exec();
        return { admitted: false, reason: "replay" };
      }
      if (tenantKey && tenantAfter > limits.tenantLimit) {
        // Another request took the tenant's last slot between the two steps.
        if (replayKey) await redis.del(replayKey);
        return { admitted: false, reason: "tenant", retryAfterMs: window.remainingMs };
      }
      return { admitted: true };
    },
    async release(tenantId, platform, key) {
      await redis.del(replayKeyOf(tenantId, platform, key));
    },
  };
}
