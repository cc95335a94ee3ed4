/**
 * What `cairn doctor` checks in this checkout, with no Worker running: the local secrets, the
 * model keys, the policy and agent files, the local D1's migrations and the deploy settings.
 * Every check reads files only; none starts wrangler.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseAgentDefinition } from "../../kernel/agents/load";
import { seal } from "../../kernel/secret-box";
import { lintPolicyFiles, policyFiles } from "../cli/policy-files";
import { type CheckResult, fail, ok, skip, warn } from "./check-result";
import { appliedLocalMigrations } from "./local-d1-migrations";

export interface LocalCheckDeps {
  /** The checkout: where wrangler.toml, policies/, agents/, migrations/ and .wrangler/ are. */
  root: string;
  env: Record<string, string | undefined>;
}

/** `.dev.vars` as wrangler reads it: NAME=value lines; absent file, no values. */
function readDevVars(root: string): Record<string, string> | null {
  const file = path.join(root, ".dev.vars");
  if (!existsSync(file)) return null;
  const vars: Record<string, string> = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (match) vars[match[1]!] = match[2]!.replace(/^"(.*)"$/, "$1");
  }
  return vars;
}

async function encryptionKey(devVars: Record<string, string> | null): Promise<CheckResult> {
  const name = "encryption key";
  if (devVars === null)
    return warn(name, ".dev.vars does not exist yet", "npm start creates it with a new CAIRN_ENCRYPTION_KEY");
  const key = devVars.CAIRN_ENCRYPTION_KEY;
  if (!key)
    return fail(
      name,
      ".dev.vars has no CAIRN_ENCRYPTION_KEY",
      "add CAIRN_ENCRYPTION_KEY=<openssl rand -base64 32> to .dev.vars",
    );
  try {
    // The Worker's own key check: sealing fails exactly when the Worker would.
    await seal("doctor", "doctor", key);
    return ok(name, "CAIRN_ENCRYPTION_KEY in .dev.vars is 32 bytes, base64");
  } catch {
    return fail(
      name,
      "CAIRN_ENCRYPTION_KEY in .dev.vars is not 32 bytes of base64",
      "replace it with the output of `openssl rand -base64 32` (secrets sealed with the old key become unreadable)",
    );
  }
}

function modelKeys(devVars: Record<string, string> | null, env: LocalCheckDeps["env"]): CheckResult {
  const names = ["OPENAI_API_KEY", "ANTHROPIC_API_KEY"].filter((key) => devVars?.[key] || env[key]);
  if (names.length > 0) return ok("model keys", `${names.join(", ")} set`);
  return warn(
    "model keys",
    "no OPENAI_API_KEY or ANTHROPIC_API_KEY: the offline provider answers every tier, at no cost, and says so",
    "add OPENAI_API_KEY or ANTHROPIC_API_KEY to .dev.vars (wrangler secret put … when deployed)",
  );
}

function policies(root: string): CheckResult {
  const dir = path.join(root, "policies");
  if (!existsSync(dir))
    return fail("policies", `${dir} does not exist`, "restore policies/ from the repository");
  const results = lintPolicyFiles(policyFiles(dir));
  const errors = results.flatMap((entry) => (entry.result === "error" ? [entry.message] : []));
  const checked = results.filter((entry) => entry.result !== "skip").length;
  if (errors.length === 0) return ok("policies", `${checked} policy file(s) valid`);
  return fail("policies", errors.join("; "), "npm run cairn -- policy lint shows each file");
}

function agents(root: string): CheckResult {
  const dir = path.join(root, "agents");
  const files = existsSync(dir) ? readdirSync(dir).filter((file) => /\.ya?ml$/.test(file)) : [];
  if (files.length === 0)
    return fail("agents", "no agents/*.yaml", "add an agent definition (docs/agents.md)");
  const errors: string[] = [];
  for (const file of files) {
    try {
      parseAgentDefinition(readFileSync(path.join(dir, file), "utf8"), `agents/${file}`);
    } catch (error) {
      errors.push((error as Error).message);
    }
  }
  if (errors.length === 0) return ok("agents", `${files.length} agent definition(s) valid`);
  return fail("agents", errors.join("; "), "fix the named file (docs/agents.md describes the fields)");
}

async function migrations(root: string): Promise<CheckResult> {
  const name = "local migrations";
  const expected = readdirSync(path.join(root, "migrations"))
    .filter((file) => file.endsWith(".sql"))
    .sort();
  const databases = await appliedLocalMigrations(root);
  if (databases.length === 0)
    return warn(name, "no local D1 database yet", "npm start creates it and applies the migrations");
  const applied = new Set(databases.flat());
  const missing = expected.filter((file) => !applied.has(file));
  if (missing.length === 0) return ok(name, `all ${expected.length} applied to the local D1`);
  return fail(
    name,
    `${missing.length} of ${expected.length} not applied locally: ${missing.join(", ")}`,
    "npx wrangler d1 migrations apply cairn --local (npm start does it too)",
  );
}

function deploySettings(root: string): CheckResult {
  const toml = readFileSync(path.join(root, "wrangler.toml"), "utf8");
  if (/database_id\s*=\s*"0{8}-0{4}-0{4}-0{4}-0{12}"/.test(toml))
    return warn(
      "deploy settings",
      "wrangler.toml's D1 database_id is the placeholder: fine locally, `wrangler deploy` would fail",
      "npx wrangler d1 create cairn, then put the printed database_id in wrangler.toml",
    );
  return ok("deploy settings", "wrangler.toml names a D1 database");
}

export async function localChecks(deps: LocalCheckDeps): Promise<CheckResult[]> {
  const devVars = readDevVars(deps.root);
  const results = [
    await encryptionKey(devVars),
    modelKeys(devVars, deps.env),
    policies(deps.root),
    agents(deps.root),
  ];
  results.push(
    existsSync(path.join(deps.root, "migrations"))
      ? await migrations(deps.root)
      : skip("local migrations", "no migrations/ directory here"),
  );
  results.push(
    existsSync(path.join(deps.root, "wrangler.toml"))
      ? deploySettings(deps.root)
      : skip("deploy settings", "no wrangler.toml here"),
  );
  return results;
}
