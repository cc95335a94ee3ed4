/**
 * A real Cairn for the browser tests: `wrangler dev` (workerd, local D1 with the migrations
 * applied, SQLite Durable Objects, local Queues) in a fresh persistence directory, with its own
 * variables file so a developer's .dev.vars (model keys, say) cannot change what the tests see.
 * Tenants are seeded with the same builder `npm start` uses; their Telegram channel's API base
 * points at a local stand-in for the Bot API, so every send Cairn makes stays on this machine.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseAgentDefinition } from "../../kernel/agents/load";
import { seedToSql } from "../../scripts/local/seed-sql";
import { ROOT } from "../../scripts/local/state";
import { buildTenantSeed } from "../../scripts/local/tenant-seed";
import { runWrangler, WRANGLER } from "../../scripts/local/wrangler";

export interface SeededTenant {
  tenantId: string;
  adminToken: string;
  webhookSecret: string;
  botToken: string;
  channelId: string;
}

/** A free TCP port on 127.0.0.1, asked of the kernel (closed again before wrangler takes it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startLocalCairn(input: {
  tenants: Array<{ tenantId: string; approvers: string[] }>;
  telegramApiBase: string;
}) {
  const dir = mkdtempSync(path.join(tmpdir(), "cairn-browser-"));
  const persist = path.join(dir, "state");
  const encryptionKey = randomBytes(32).toString("base64");
  const envFile = path.join(dir, "test.env");
  writeFileSync(envFile, `CAIRN_ENV=test\nCAIRN_ENCRYPTION_KEY=${encryptionKey}\nLOG_LEVEL=warn\n`);
  const local = ["--local", "--persist-to", persist];

  await runWrangler(["d1", "migrations", "apply", "cairn", ...local], { quiet: true });
  const load = (id: string) =>
    parseAgentDefinition(readFileSync(path.join(ROOT, "agents", `${id}.yaml`), "utf8"), `agents/${id}.yaml`);
  const tenants: SeededTenant[] = [];
  const sql: string[] = [];
  for (const { tenantId, approvers } of input.tenants) {
    const tenant = {
      tenantId,
      adminToken: randomBytes(18).toString("hex"),
      webhookSecret: randomBytes(18).toString("hex"),
      botToken: `${100000000 + tenants.length}:${randomBytes(12).toString("hex")}`,
      channelId: `ch_${tenantId}_telegram`,
    };
    const seed = await buildTenantSeed({
      tenantId,
      name: `Tenant ${tenantId}`,
      adminToken: tenant.adminToken,
      telegram: {
        webhookSecret: tenant.webhookSecret,
        botToken: tenant.botToken,
        apiBase: input.telegramApiBase,
        approvers,
        agentId: "operations",
      },
      agents: [load("finance"), load("operations")],
      encryptionKey,
      now: Date.now(),
    });
    sql.push(seedToSql(seed));
    tenants.push(tenant);
  }
  const seedFile = path.join(dir, "seed.sql");
  writeFileSync(seedFile, sql.join("\n"));
  await runWrangler(["d1", "execute", "cairn", ...local, "--file", seedFile], { quiet: true });

  const [port, inspectorPort] = [await freePort(), await freePort()];
  const baseUrl = `http://localhost:${port}`;
  const output: string[] = [];
  const dev: ChildProcess = spawn(
    WRANGLER,
    [
      "dev",
      ...local,
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--inspector-port",
      String(inspectorPort),
      "--env-file",
      envFile,
      "--show-interactive-dev-session=false",
    ],
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" },
    },
  );
  dev.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  dev.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));

  const stop = async () => {
    if (dev.exitCode === null) {
      const exited = new Promise((resolve) => dev.once("exit", resolve));
      dev.kill("SIGINT");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (dev.exitCode === null) dev.kill("SIGKILL");
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 120_000;
  for (;;) {
    if (dev.exitCode !== null)
      throw new Error(`wrangler dev exited with ${dev.exitCode}:\n${output.join("")}`);
    const health = await fetch(`http://127.0.0.1:${port}/health`).catch(() => null);
    if (health?.ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`wrangler dev did not answer /health within 120 s:\n${output.join("")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  return {
    baseUrl,
    tenants,
    output,
    stop,
    /** The admin API, as `curl -H "Authorization: Bearer …"` would call it. */
    async api(tenant: SeededTenant, pathname: string, init: { method?: string; body?: unknown } = {}) {
      const response = await fetch(`http://127.0.0.1:${port}/api${pathname}`, {
        method: init.method ?? "GET",
        headers: { Authorization: `Bearer ${tenant.adminToken}`, "Content-Type": "application/json" },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
      // biome-ignore lint/suspicious/noExplicitAny: tests read whatever shape each endpoint answers.
      return { status: response.status, body: (response.status === 204 ? {} : await response.json()) as any };
    },
    /** A Telegram update posted to the tenant's webhook with its secret header, as Telegram does. */
    async telegramUpdate(tenant: SeededTenant, update: Record<string, unknown>) {
      const response = await fetch(`http://127.0.0.1:${port}/webhooks/telegram/${tenant.tenantId}`, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "X-Telegram-Bot-Api-Secret-Token": tenant.webhookSecret,
        },
        body: JSON.stringify(update),
      });
      if (!response.ok) throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
    },
  };
}
export type LocalCairn = Awaited<ReturnType<typeof startLocalCairn>>;
