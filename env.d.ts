// Secrets and test-only bindings that `wrangler types` cannot see (they live in .dev.vars or
// `wrangler secret put`, not in wrangler.toml). Merged into the generated global `Env`.
interface CairnSecrets {
  /** 32 random bytes, base64: seals platform credentials at rest. */
  CAIRN_ENCRYPTION_KEY: string;
  /** Opens the platform API (/platform: tenants' lives) to whoever runs the deployment; unset, it is off. */
  CAIRN_PLATFORM_TOKEN?: string;
  OPENAI_API_KEY?: string;
  /** Any OpenAI-compatible endpoint: OpenRouter, DeepSeek, Groq, a local vLLM… */
  OPENAI_BASE_URL?: string;
  OPENAI_MODEL?: string;
  ANTHROPIC_API_KEY?: string;
  ANTHROPIC_MODEL?: string;
  E2B_API_KEY?: string;
  /** Ingress protection in Upstash Redis instead of the embedded IngressLimiter (both or neither). */
  UPSTASH_REDIS_REST_URL?: string;
  UPSTASH_REDIS_REST_TOKEN?: string;
  /** Webhook limits per window (kernel/ingress.ts has the defaults); 0 switches one off. */
  INGRESS_TENANT_LIMIT?: string;
  INGRESS_SENDER_LIMIT?: string;
  INGRESS_WINDOW_SECONDS?: string;
  INGRESS_UPSTASH_TIMEOUT_MS?: string;
  /** Applied by test/workers/setup.ts. */
  TEST_MIGRATIONS?: import("cloudflare:test").D1Migration[];
}

interface Env extends CairnSecrets {}

declare namespace Cloudflare {
  interface Env extends CairnSecrets {}
}

declare module "*.yaml" {
  const text: string;
  export default text;
}
