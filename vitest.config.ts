import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import type { Plugin } from "vite";
import { defineConfig } from "vitest/config";

/** Policies and agent definitions are imported as text, as wrangler's Text rule does in the bundle. */
const yamlAsText: Plugin = {
  name: "cairn-yaml-as-text",
  transform(code, id) {
    if (id.endsWith(".yaml")) return { code: `export default ${JSON.stringify(code)};`, map: null };
  },
};

// Three projects: the pure kernel runs in plain Node (fast, benchmarkable the same way);
// everything that touches a binding runs inside workerd with local D1, Durable Objects and Queues;
// the dashboard's scenarios run in a real browser against a real `wrangler dev`.
export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return {
    test: {
      // The Workers pool sends modules to workerd over a WebSocket capped at 1 MiB per message.
      // With the on-disk module cache, Vitest hands each new test file a snapshot of every warm
      // module in one message, which passes the cap once just-bash (1.2 MB) is among them and
      // workerd drops the connection ("Message is too large"). Without it, modules go one by one.
      fsModuleCache: false,
      projects: [
        {
          // The dashboard in Debian's headless Chromium against `wrangler dev` (test/browser/).
          test: {
            name: "browser",
            environment: "node",
            include: ["test/browser/**/*.test.ts"],
            testTimeout: 60_000,
            // Starting wrangler dev (migrate, seed, start) takes 35–40 s alone and past 100 s when
            // the workerd tests run beside it on two cores.
            hookTimeout: 180_000,
          },
        },
        {
          test: {
            name: "kernel",
            environment: "node",
            include: ["test/kernel/**/*.test.ts"],
          },
        },
        {
          plugins: [
            yamlAsText,
            cloudflareTest({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                // Deliver queue batches after 50 ms instead of production's 1 s window: the
                // full-path tests wait on two hops per message, and only the wait changes.
                queueConsumers: {
                  "cairn-inbound": { maxBatchTimeout: 0.05 },
                  "cairn-outbound": { maxBatchTimeout: 0.05 },
                },
                bindings: {
                  TEST_MIGRATIONS: migrations,
                  CAIRN_ENV: "test",
                  // A tenant-scoped provider key, for the routing tests' own OpenAI-compatible endpoint.
                  CAIRN_TENANT_ACME__LLM_KEY: "sk-test-acme",
                  // A tenant-scoped E2B key: only this tenant's shell runs in the (fake) E2B.
                  CAIRN_TENANT_SANDBOXCO__E2B_API_KEY: "e2b_test_key",
                  // Tenant demo-co's key under the current and the pre-`__` name: tenant demo must reach neither.
                  CAIRN_TENANT_DEMO_CO__OPENAI_API_KEY: "sk-test-demo-co",
                  CAIRN_TENANT_DEMO_CO_OPENAI_API_KEY: "sk-test-demo-co-legacy",
                  CAIRN_ENCRYPTION_KEY: "Y2Fpcm4tdGVzdC1lbmNyeXB0aW9uLWtleS0zMmJ5dGU=",
                  // The platform operator's token (workers/platform/); tests of the API switched off unset it.
                  CAIRN_PLATFORM_TOKEN: "platform-test-token",
                  // The email adapter's API key; the email API itself is faked with MSW.
                  EMAIL_API_KEY: "re_test_key",
                },
              },
            }),
          ],
          test: {
            name: "workers",
            // Full-path tests wait on real queues (1 s batch windows) and retry back-offs.
            testTimeout: 30_000,
            include: ["test/workers/**/*.test.ts"],
            setupFiles: ["./test/workers/setup.ts"],
          },
        },
      ],
    },
  };
});
