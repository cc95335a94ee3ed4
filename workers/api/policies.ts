/**
 * /api/policies: the tenant's and each agent's overlay over policies/default.yaml. A PUT stores
 * a new version after full validation (errors name the line and field) and is audited; a bad
 * policy stores nothing.
 */
import { type Database, database } from "../../db/client";
import { getAgent, listAgents } from "../../db/queries/agents";
import { insertAuditEntries } from "../../db/queries/audit";
import {
  agentScope,
  insertNextPolicyVersion,
  latestPolicyVersions,
  listPolicyVersions,
  TENANT_SCOPE,
} from "../../db/queries/policies";
import { auditWriter } from "../../kernel/audit/chain";
import { systemClock } from "../../kernel/clock";
import { createIdSource } from "../../kernel/ids";
import { PolicyError, parsePolicy } from "../../kernel/policy";
import { byteLength } from "../../kernel/request-limits";
import { auditChain } from "../../runtime/audit-chain";
import { errorResponse } from "../errors";
import { apiRouter, ListQuery, parseQuery } from "./request";

const SCOPE = /^(tenant|agent:[a-z][a-z0-9_-]{0,62})$/;
const MAX_POLICY_BYTES = 64 * 1024;
const ids = createIdSource(systemClock);

/** The tenant scope always exists; an agent's scope exists when this tenant has that agent. */
async function scopeExists(db: Database, tenantId: string, scope: string): Promise<boolean> {
  return scope === TENANT_SCOPE || (await getAgent(db, tenantId, scope.slice("agent:".length))) !== null;
}

export const policyRoutes = apiRouter()
  .get("/", async (c) => {
    const db = database(c.env.DB);
    const scopes = [
      TENANT_SCOPE,
      ...(await listAgents(db, c.var.tenantId)).map((agent) => agentScope(agent.id)),
    ];
    const current = await latestPolicyVersions(db, c.var.tenantId, scopes);
    return c.json({ base: "policies/default.yaml", overlays: current });
  })
  .get("/:scope/versions", async (c) => {
    const scope = c.req.param("scope");
    if (!SCOPE.test(scope))
      return errorResponse(c, 400, 'scope must be "tenant" or "agent:<agent id>"', "scope");
    const query = parseQuery(c, ListQuery);
    if (!query.ok) return query.response;
    const db = database(c.env.DB);
    if (!(await scopeExists(db, c.var.tenantId, scope)))
      return errorResponse(c, 404, "no such agent", "scope");
    return c.json({ versions: await listPolicyVersions(db, c.var.tenantId, scope, query.data.limit) });
  })
  .put("/:scope", async (c) => {
    const scope = c.req.param("scope");
    if (!SCOPE.test(scope))
      return errorResponse(c, 400, 'scope must be "tenant" or "agent:<agent id>"', "scope");
    const db = database(c.env.DB);
    if (!(await scopeExists(db, c.var.tenantId, scope)))
      return errorResponse(c, 404, "no such agent", "scope");
    const tooLarge = () => errorResponse(c, 413, `a policy is at most ${MAX_POLICY_BYTES} bytes`, "(body)");
    if (Number(c.req.header("content-length") ?? 0) > MAX_POLICY_BYTES) return tooLarge();
    const text = await c.req.text();
    if (text.trim() === "") return errorResponse(c, 400, "the body must be a policy in YAML", "(body)");
    if (byteLength(text) > MAX_POLICY_BYTES) return tooLarge();
    try {
      parsePolicy(text, scope);
    } catch (error) {
      if (error instanceof PolicyError) {
        return c.json(
          { error: error.message, field: error.field || "(body)", line: error.line ?? null },
          400,
        );
      }
      throw error;
    }
    const now = Date.now();
    const stored = await insertNextPolicyVersion(db, {
      id: ids.next("pol"),
      tenantId: c.var.tenantId,
      scope,
      text,
      createdBy: c.var.actor,
      createdAt: now,
    });
    if (!stored)
      return errorResponse(
        c,
        409,
        "another change to this policy was saved at the same moment; re-read and retry",
      );
    await insertAuditEntries(
      db,
      [
        {
          id: ids.next("aud"),
          tenantId: c.var.tenantId,
          at: now,
          actor: c.var.actor,
          action: "policy.updated",
          subjectType: "policy",
          subjectId: `${scope}@${stored.version}`,
          agentId: scope === TENANT_SCOPE ? null : scope.slice("agent:".length),
          detail: { scope, version: stored.version, bytes: text.length },
        },
      ],
      auditChain(c.env, c.var.tenantId, auditWriter.api),
    );
    return c.json({ scope, version: stored.version, createdAt: now }, 201);
  });
