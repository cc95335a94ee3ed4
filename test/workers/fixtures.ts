/** Tenants as a test needs them: seeded through the same builder `npm start` uses. */
import { env } from "cloudflare:workers";
import financeYaml from "../../agents/finance.yaml";
import operationsYaml from "../../agents/operations.yaml";
import { database } from "../../db/client";
import { createProposal } from "../../db/queries/proposals";
import { parseAgentDefinition } from "../../kernel/agents/load";
import { buildTenantSeed, insertTenantSeed } from "../../scripts/local/tenant-seed";

export const TELEGRAM_API = "https://api.telegram.org";

export interface TestTenant {
  tenantId: string;
  adminToken: string;
  webhookSecret: string;
  botToken: string;
  approverId: string;
  channelId: string;
}

export async function seedTenant(tenantId: string): Promise<TestTenant> {
  const tenant: TestTenant = {
    tenantId,
    adminToken: `admin-token-${tenantId}`,
    webhookSecret: `webhook-secret-${tenantId}`,
    botToken: `123456:${tenantId.toUpperCase()}-BOT-TOKEN`,
    approverId: "777000111",
    channelId: `ch_${tenantId}_telegram`,
  };
  const seed = await buildTenantSeed({
    tenantId,
    name: `Tenant ${tenantId}`,
    adminToken: tenant.adminToken,
    telegram: {
      webhookSecret: tenant.webhookSecret,
      botToken: tenant.botToken,
      apiBase: TELEGRAM_API,
      approvers: [tenant.approverId],
      agentId: "operations",
    },
    agents: [
      parseAgentDefinition(financeYaml, "agents/finance.yaml"),
      parseAgentDefinition(operationsYaml, "agents/operations.yaml"),
    ],
    encryptionKey: env.CAIRN_ENCRYPTION_KEY,
    now: Date.now(),
  });
  await insertTenantSeed(database(env.DB), seed);
  return tenant;
}

export function api(tenant: Pick<TestTenant, "adminToken">, path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set("Authorization", `Bearer ${tenant.adminToken}`);
  return new Request(`https://cairn.test/api${path}`, { ...init, headers });
}

/** A pending proposal to run `touch a`, written straight to D1 for tests about who may see or decide it. */
export function seedPendingProposal(tenantId: string, id: string, threadId: string, now = Date.now()) {
  return createProposal(database(env.DB), {
    id,
    tenantId,
    threadId,
    agentId: "operations",
    tool: "shell",
    input: { command: "touch a" },
    rule: "shell.ask[0]",
    reason: "writes a file",
    status: "pending",
    createdAt: now,
    expiresAt: now + 60_000,
  });
}
