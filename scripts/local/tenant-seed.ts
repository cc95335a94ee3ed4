/**
 * A tenant's first rows: the tenant, an admin token (stored hashed), a Telegram channel (secret
 * hashed, bot token sealed) and its agents. One builder feeds both `npm start` (as SQL for
 * `wrangler d1 execute`) and the tests (through drizzle), so both see the same shape.
 */

import type { Database } from "../../db/client";
import { agents, apiTokens, channels, tenants } from "../../db/schema";
import type { AgentDefinition } from "../../kernel/agents/schema";
import { sha256Hex } from "../../kernel/digest";
import { seal } from "../../kernel/secret-box";

export interface TenantSeedInput {
  tenantId: string;
  name: string;
  adminToken: string;
  telegram: {
    webhookSecret: string;
    botToken: string;
    apiBase: string;
    approvers: string[];
    agentId: string;
  };
  agents: AgentDefinition[];
  encryptionKey: string;
  now: number;
}

export interface TenantSeed {
  tenant: typeof tenants.$inferInsert;
  apiToken: typeof apiTokens.$inferInsert;
  channel: typeof channels.$inferInsert;
  agents: (typeof agents.$inferInsert)[];
}

export async function buildTenantSeed(input: TenantSeedInput): Promise<TenantSeed> {
  const { tenantId, now } = input;
  return {
    tenant: { id: tenantId, name: input.name, createdAt: now },
    apiToken: {
      id: `tok_${tenantId}_admin`,
      tenantId,
      name: "admin",
      tokenHash: await sha256Hex(input.adminToken),
      createdAt: now,
    },
    channel: {
      id: `ch_${tenantId}_telegram`,
      tenantId,
      kind: "telegram",
      agentId: input.telegram.agentId,
      webhookSecretHash: await sha256Hex(input.telegram.webhookSecret),
      credentialsSealed: await seal(input.telegram.botToken, tenantId, input.encryptionKey),
      config: { apiBase: input.telegram.apiBase, approvers: input.telegram.approvers },
      createdAt: now,
    },
    agents: input.agents.map((definition) => ({
      tenantId,
      id: definition.id,
      name: definition.name,
      role: definition.role,
      definition,
      enabled: true,
      createdAt: now,
    })),
  };
}

export async function insertTenantSeed(db: Database, seed: TenantSeed): Promise<void> {
  await db.batch([
    db.insert(tenants).values(seed.tenant),
    db.insert(apiTokens).values(seed.apiToken),
    db.insert(agents).values(seed.agents),
    db.insert(channels).values(seed.channel),
  ]);
}
