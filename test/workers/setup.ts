// Runs before each workerd test file: storage is isolated per file, so each file starts from
// an empty, fully migrated D1. Every statement the file then runs must carry its tenant
// (test/workers/tenant-predicate.ts); the check runs when the file ends.
import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll } from "vitest";
import { fullScans } from "./query-plans";
import { recordStatements, unscopedStatements } from "./tenant-predicate";

if (!env.TEST_MIGRATIONS) throw new Error("TEST_MIGRATIONS binding missing: see vitest.config.ts");
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

const recorder = recordStatements(env.DB);
afterAll(async () => {
  recorder.stop();
  const unscoped = await unscopedStatements(env.DB, recorder.statements);
  if (unscoped.length > 0)
    throw new Error(`D1 statements without a tenant predicate:\n${unscoped.join("\n")}`);
  const scans = await fullScans(env.DB, recorder.statements);
  if (scans.length > 0) throw new Error(`D1 statements that read a whole tenant table:\n${scans.join("\n")}`);
});
