/** Read-only lists: agents and audit entries (and the audit chains' verification). Threads are in threads.ts, the task board in tasks.ts. */
import { database } from "../../db/client";
import { listAgents } from "../../db/queries/agents";
import { listAudit } from "../../db/queries/audit";
import { agentLoopStub } from "../../durable-objects/stubs";
import { verifyTenantAudit } from "../../runtime/audit-chain";
import { errorResponse } from "../errors";
import { apiRouter, ListQuery, parseQuery } from "./request";

export const agentRoutes = apiRouter().get("/", async (c) => {
  const query = parseQuery(c, ListQuery);
  if (!query.ok) return query.response;
  const rows = await listAgents(database(c.env.DB), c.var.tenantId);
  return c.json({ agents: rows.slice(0, query.data.limit) });
});

export const auditRoutes = apiRouter()
  .get("/", async (c) => {
    const query = parseQuery(c, ListQuery);
    if (!query.ok) return query.response;
    return c.json({ entries: await listAudit(database(c.env.DB), c.var.tenantId, query.data.limit) });
  })
  /**
   * The tenant's audit chains checked against the heads the Tenant object anchored: 200 with
   * `ok` and every break named (kind, writer, seq, row id), whether or not there are breaks.
   */
  .get("/verify", async (c) => {
    const result = await verifyTenantAudit(c.env, c.var.tenantId);
    if ("refused" in result) return errorResponse(c, 500, result.refused);
    return c.json(result);
  });

export const loopRoutes = apiRouter().post("/ensure", async (c) => {
  const rows = await listAgents(database(c.env.DB), c.var.tenantId);
  const loops = [];
  for (const agent of rows.filter((row) => row.enabled)) {
    loops.push(
      await agentLoopStub(c.env, c.var.tenantId, agent.id).ensureScheduled(c.var.tenantId, agent.id),
    );
  }
  return c.json({ loops });
});
