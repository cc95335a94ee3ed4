/**
 * Which ingress guard the gateway uses: Upstash Redis when UPSTASH_REDIS_REST_URL and
 * UPSTASH_REDIS_REST_TOKEN are set, the embedded IngressLimiter objects otherwise.
 *
 * Upstash unreachable (network error, non-2xx, timeout): the request is decided by the embedded
 * limiter instead — fail open to the embedded guard, never to no guard — and for the next
 * 30 seconds this isolate does not try Upstash again, so an outage costs one timeout per isolate
 * per 30 s, not one per webhook (docs/decisions/ingress-guard-upstash-or-embedded.md).
 */
import { type IngressGuard, type IngressSettings, ingressSettings } from "../../kernel/ingress";
import { log } from "../../kernel/log";
import { createEmbeddedIngressGuard } from "./embedded-guard";
import { createUpstashIngressGuard } from "./upstash-guard";

export const UPSTASH_RETRY_AFTER_FAILURE_MS = 30_000;

type GuardEnv = Pick<Env, "INGRESS_LIMITER">;

/** Upstash first; the embedded guard while Upstash is failing. */
export function withFallback(
  primary: IngressGuard,
  fallback: IngressGuard,
  now: () => number = Date.now,
): IngressGuard {
  let skipPrimaryUntil = 0;
  const attempt = async <T>(what: string, tenantId: string, run: (guard: IngressGuard) => Promise<T>) => {
    if (now() < skipPrimaryUntil) return run(fallback);
    try {
      return await run(primary);
    } catch (error) {
      skipPrimaryUntil = now() + UPSTASH_RETRY_AFTER_FAILURE_MS;
      log("warn", "ingress.fallback", {
        tenant: tenantId,
        backend: primary.backend,
        fallback: fallback.backend,
        call: what,
        error: (error as Error).message.slice(0, 200),
      });
      return run(fallback);
    }
  };
  return {
    backend: `${primary.backend}+${fallback.backend}`,
    admit: (request, limits) => attempt("admit", request.tenantId, (g) => g.admit(request, limits)),
    release: (tenantId, platform, key) =>
      attempt("release", tenantId, (g) => g.release(tenantId, platform, key)),
  };
}

export interface IngressSetup {
  settings: IngressSettings;
  guard: IngressGuard;
}

/** One setup per environment object (per isolate in production), logged once if misconfigured. */
const setups = new WeakMap<object, IngressSetup>();

export function ingressSetup(env: GuardEnv): IngressSetup {
  const cached = setups.get(env);
  if (cached) return cached;
  const settings = ingressSettings(env);
  if (settings.invalid.length > 0)
    log("warn", "ingress.config_invalid", { settings: settings.invalid, using: "defaults" });
  const embedded = createEmbeddedIngressGuard(env);
  const guard = settings.upstash
    ? withFallback(createUpstashIngressGuard(settings.upstash), embedded)
    : embedded;
  const setup = { settings, guard };
  setups.set(env, setup);
  return setup;
}
