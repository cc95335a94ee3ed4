/**
 * `npm start`: Cairn on this machine. Applies the D1 migrations to the local database, seeds a
 * demo tenant with two agents when the database is empty, starts `wrangler dev` (workerd with
 * local D1, Durable Objects and Queues), arms the agent loops, fires wrangler.toml's cron triggers
 * on their schedule (wrangler dev does not; scripts/local/local-cron.ts), and prints where
 * everything is.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseAgentDefinition } from "../kernel/agents/load";
import { randomSecret } from "../kernel/ids";
import { cronsOf, nextFire, startLocalCron } from "./local/local-cron";
import { seedToSql } from "./local/seed-sql";
import { BASE_URL, PORT, ROOT, readDemoState, writeDemoState } from "./local/state";
import { buildTenantSeed } from "./local/tenant-seed";
import { runWrangler, WRANGLER } from "./local/wrangler";

const DEV_VARS = path.join(ROOT, ".dev.vars");
const DEMO_TELEGRAM_PORT = 8790;

/** Local secrets: generated once, kept in .dev.vars (git-ignored), read by wrangler dev. */
function ensureDevVars(): string {
  if (!existsSync(DEV_VARS)) {
    const key = randomBytes(32).toString("base64");
    writeFileSync(DEV_VARS, `CAIRN_ENV=development\nCAIRN_ENCRYPTION_KEY=${key}\n`, { mode: 0o600 });
    console.log("created .dev.vars with a new local CAIRN_ENCRYPTION_KEY");
  }
  const match = /^CAIRN_ENCRYPTION_KEY=(.+)$/m.exec(readFileSync(DEV_VARS, "utf8"));
  if (!match?.[1]) throw new Error(".dev.vars has no CAIRN_ENCRYPTION_KEY line");
  return match[1].trim();
}

async function tenantCount(): Promise<number> {
  const out = await runWrangler(
    ["d1", "execute", "cairn", "--local", "--json", "--command", "SELECT count(*) AS n FROM tenants"],
    { quiet: true },
  );
  const parsed = JSON.parse(out) as Array<{ results: Array<{ n: number }> }>;
  return parsed[0]?.results[0]?.n ?? 0;
}

async function seedDemoTenant(encryptionKey: string) {
  const state = {
    tenantId: "demo",
    adminToken: randomSecret(24),
    webhookSecret: randomSecret(24),
    botToken: `100000001:${randomSecret(18)}`,
    approverId: "100200300",
    chatId: 100200300,
    telegramPort: DEMO_TELEGRAM_PORT,
  };
  const load = (id: string) =>
    parseAgentDefinition(readFileSync(path.join(ROOT, "agents", `${id}.yaml`), "utf8"), `agents/${id}.yaml`);
  const seed = await buildTenantSeed({
    tenantId: state.tenantId,
    name: "Demo Design & Build Ltd",
    adminToken: state.adminToken,
    telegram: {
      webhookSecret: state.webhookSecret,
      botToken: state.botToken,
      // The demo's stand-in for api.telegram.org (npm run demo serves it): no network needed.
      apiBase: `http://127.0.0.1:${DEMO_TELEGRAM_PORT}`,
      approvers: [state.approverId],
      agentId: "operations",
    },
    agents: [load("finance"), load("operations")],
    encryptionKey,
    now: Date.now(),
  });
  const file = path.join(ROOT, ".wrangler", "cairn-seed.sql");
  writeFileSync(file, seedToSql(seed));
  await runWrangler(["d1", "execute", "cairn", "--local", "--file", file], { quiet: true });
  writeDemoState(state);
  console.log("seeded the demo tenant with two agents (finance, operations)");
}

/**
 * Wrangler's defaults that reach the network for nothing Cairn uses: it downloads a sample
 * `request.cf` object (Cairn never reads `request.cf`) and, offline, prints the failure as
 * `Error: getaddrinfo ENOTFOUND workers.cloudflare.com` with a stack, which reads like Cairn
 * failing. The user's own environment still wins (set CLOUDFLARE_CF_FETCH_ENABLED=true).
 */
export function localDevEnv(): Record<string, string> {
  return { CLOUDFLARE_CF_FETCH_ENABLED: "false" };
}

async function waitForHealth(deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${BASE_URL}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`Cairn did not answer ${BASE_URL}/health within the time allowed`);
}

async function main() {
  const encryptionKey = ensureDevVars();
  console.log("applying D1 migrations to the local database…");
  await runWrangler(["d1", "migrations", "apply", "cairn", "--local"], { quiet: true });
  if ((await tenantCount()) === 0) await seedDemoTenant(encryptionKey);
  const demo = readDemoState();

  const dev = spawn(
    WRANGLER,
    ["dev", "--local", "--ip", "127.0.0.1", "--port", String(PORT), "--show-interactive-dev-session=false"],
    {
      cwd: ROOT,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...localDevEnv(), ...process.env },
    },
  );
  let cron: { stop(): void } | undefined;
  const stop = () => {
    cron?.stop();
    dev.kill("SIGINT");
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  dev.on("exit", (code) => process.exit(code ?? 0));

  await waitForHealth(Date.now() + 90_000);
  const crons = cronsOf(readFileSync(path.join(ROOT, "wrangler.toml"), "utf8"));
  cron = startLocalCron({ baseUrl: BASE_URL, fetch, log: (line) => console.warn(line) }, crons);
  if (demo) {
    const armed = await fetch(`${BASE_URL}/api/loops/ensure`, {
      method: "POST",
      headers: { Authorization: `Bearer ${demo.adminToken}` },
    });
    if (!armed.ok) console.warn(`could not arm the agent loops: ${armed.status} ${await armed.text()}`);
  }
  console.log(
    [
      "",
      "Cairn is running (wrangler dev: workerd, local D1, Durable Objects, Queues).",
      `  health        ${BASE_URL}/health`,
      `  admin API     ${BASE_URL}/api/…   e.g. curl -H "Authorization: Bearer <token>" ${BASE_URL}/api/agents`,
      demo ? `  webhook       ${BASE_URL}/webhooks/telegram/${demo.tenantId}` : "",
      demo ? `  demo tenant   ${demo.tenantId}` : "",
      ...crons.map(
        (c) => `  cron          ${c} (the sweep; next ${nextFire(c, new Date())?.toISOString() ?? "never"})`,
      ),
      demo
        ? `  admin token   ${demo.adminToken}`
        : "  (the database was not empty: no demo tenant was seeded)",
      "",
      "In another terminal: npm run demo",
      "",
    ]
      .filter((line) => line !== "")
      .join("\n"),
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
