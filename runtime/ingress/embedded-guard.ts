/**
 * The embedded ingress guard: each tenant's IngressLimiter object
 * (durable-objects/ingress-limiter.ts), so one tenant's flood is counted in an object no other
 * tenant's webhooks wait for.
 */
import { ingressLimiterStub } from "../../durable-objects/stubs";
import type { IngressGuard } from "../../kernel/ingress";
import { accepted } from "../../kernel/refusal";

export function createEmbeddedIngressGuard(env: Pick<Env, "INGRESS_LIMITER">): IngressGuard {
  return {
    backend: "embedded",
    async admit(request, limits) {
      // A refusal means another tenant's object: only a bug gets here (the stub is the tenant's).
      return accepted(
        await ingressLimiterStub(env, request.tenantId).admit(request, limits),
        "IngressLimiter",
      );
    },
    async release(tenantId, platform, key) {
      accepted(await ingressLimiterStub(env, tenantId).release(tenantId, platform, key), "IngressLimiter");
    },
  };
}
