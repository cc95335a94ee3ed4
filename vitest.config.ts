import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Two projects: the pure kernel runs in plain Node (fast, benchmarkable the same way);
// everything that touches a binding runs inside workerd with local D1, Durable Objects and Queues.
export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return {
    test: {
      projects: [
        {
          test: {
            name: "kernel",
            environment: "node",
            include: ["test/kernel/**/*.test.ts"],
          },
        },
        {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                bindings: {
                  TEST_MIGRATIONS: migrations,
                  CAIRN_ENV: "test",
                  CAIRN_ENCRYPTION_KEY: "Y2Fpcm4tdGVzdC1lbmNyeXB0aW9uLWtleS0zMmJ5dGU=",
                },
              },
            }),
          ],
          test: {
            name: "workers",
            include: ["test/workers/**/*.test.ts"],
            setupFiles: ["./test/workers/setup.ts"],
          },
        },
      ],
    },
  };
});
