/** Seeding for the agent-loop and task-board tests: agents, invoices, threads, a network overlay. */
import { env } from "cloudflare:workers";
import biYaml from "../../agents/business-intelligence.yaml";
import crmYaml from "../../agents/crm.yaml";
import developmentYaml from "../../agents/development.yaml";
import financeYaml from "../../agents/finance.yaml";
import marketingYaml from "../../agents/marketing.yaml";
import operationsYaml from "../../agents/operations.yaml";
import safetyYaml from "../../agents/safety.yaml";
import salesYaml from "../../agents/sales.yaml";
import { database } from "../../db/client";
import { insertNextPolicyVersion } from "../../db/queries/policies";
import { agents } from "../../db/schema";
import { invoices } from "../../db/schema-tasks";
import { parseAgentDefinition } from "../../kernel/agents/load";
import type { AgentDefinition } from "../../kernel/agents/schema";

export const REFERENCE_AGENTS: Record<string, string> = {
  "business-intelligence": biYaml,
  crm: crmYaml,
  development: developmentYaml,
  finance: financeYaml,
  marketing: marketingYaml,
  operations: operationsYaml,
  safety: safetyYaml,
  sales: salesYaml,
};

export const DAY = 86_400_000;

export function referenceAgent(id: string): AgentDefinition {
  const yaml = REFERENCE_AGENTS[id];
  if (!yaml) throw new Error(`no reference agent ${id}`);
  return parseAgentDefinition(yaml, `agents/${id}.yaml`);
}

/** Adds agents the tenant seed does not include (it seeds finance and operations). */
export async function addAgents(tenantId: string, definitions: AgentDefinition[]) {
  const db = database(env.DB);
  for (const definition of definitions) {
    await db
      .insert(agents)
      .values({
        tenantId,
        id: definition.id,
        name: definition.name,
        role: definition.role,
        definition,
        enabled: true,
        createdAt: 0,
      })
      .onConflictDoNothing();
  }
}

export async function addInvoice(tenantId: string, number: string, client: string, dueAt: number) {
  await database(env.DB)
    .insert(invoices)
    .values({
      id: `inv_${tenantId}_${number}`,
      tenantId,
      number,
      client,
      amountMicros: 1_250_000_000,
      dueAt,
      createdAt: 0,
    });
}

/** A conversation whose last word is a customer's, as the thread index records it. */
export async function addUnansweredThread(tenantId: string, channelId: string, ref: string, at: number) {
  await env.DB.prepare(
    `INSERT INTO context_threads (id, tenant_id, channel_id, kind, external_ref, title, created_at, last_message_at, last_speaker, message_count)
     VALUES (?, ?, ?, 'conversation', ?, ?, ?, ?, 'user:42', 1)`,
  )
    .bind(`${tenantId}:telegram:${ref}`, tenantId, channelId, ref, `telegram chat ${ref}`, at, at)
    .run();
}

/** The tenant's policy overlay that lets agents GET these hosts (default policy denies all network). */
export async function allowHosts(tenantId: string, hosts: string[]) {
  const text = `version: 1\nnetwork:\n  allow:\n    - hosts: [${hosts.join(", ")}]\n      reason: discovery feeds\n`;
  await insertNextPolicyVersion(database(env.DB), {
    id: `pol_${tenantId}_feeds`,
    tenantId,
    scope: "tenant",
    text,
    createdBy: "test",
    createdAt: 0,
  });
}

export async function rows<T>(query: string, ...bindings: unknown[]): Promise<T[]> {
  const { results } = await env.DB.prepare(query)
    .bind(...bindings)
    .all<T>();
  return results;
}
