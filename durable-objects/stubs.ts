/** Typed stubs. Every Durable Object name starts with the tenant id, so no two tenants share one. */

export function threadIdFor(
  tenantId: string,
  platform: string,
  conversationId: string,
  threadKey?: string,
): string {
  const base = `${tenantId}:${platform}:${conversationId}`;
  return threadKey ? `${base}:topic:${threadKey}` : base;
}

export function threadStub(env: Pick<Env, "CONTEXT_THREAD">, threadId: string) {
  return env.CONTEXT_THREAD.get(env.CONTEXT_THREAD.idFromName(threadId));
}

export function agentLoopStub(env: Pick<Env, "AGENT_LOOP">, tenantId: string, agentId: string) {
  return env.AGENT_LOOP.get(env.AGENT_LOOP.idFromName(`${tenantId}:agent:${agentId}`));
}

/** The tenant's coordinator (durable-objects/tenant.ts): one per tenant. */
export function tenantStub(env: Pick<Env, "TENANT">, tenantId: string) {
  return env.TENANT.get(env.TENANT.idFromName(`${tenantId}:tenant`));
}

/** The tenant's embedded ingress guard (durable-objects/ingress-limiter.ts): one per tenant. */
export function ingressLimiterStub(env: Pick<Env, "INGRESS_LIMITER">, tenantId: string) {
  return env.INGRESS_LIMITER.get(env.INGRESS_LIMITER.idFromName(`${tenantId}:ingress`));
}
