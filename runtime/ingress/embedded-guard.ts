/**
 * The embedded ingress guard: each tenant's IngressLimiter object
 * (durable-objects/ingress-limiter.ts), so one tenant's flood is counted in an object no other
 * tenant's webhooks wait for.
 */
import { ingressLimiterStub } from "../../durable-objects/stubs";
import type { IngressGuard } from "../../kernel/ingress";

export function createEmbeddedIngressGuard(env: Pick<Env, "INGRESS_LIMITER">): IngressGuard {
  return {
    backend: "embedded",
    async admit(request, limits) {
      const answer = await ingressLimiterStub(env, request.tenantId).admit(request, limits);
      // Another tenant's object: only a bug could get here (the stub is derived from the tenant).
      if ("refused" in answer) throw new Error(answer.refused);
      return answer;
    },
    async release(tenantId, platform, key) {
      const answer = await ingressLimiterStub(env, tenantId).release(tenantId, platform, key);
      if (answer) throw new Error(answer.refused);
    },
  };
}
