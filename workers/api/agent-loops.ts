/**
 * An agent's loop as an operator sees it: the heartbeat (last wake), the last and next cycle, a
 * cycle being resumed after an interruption, and the latest reflections (what each cycle found,
 * tried, achieved, failed at and cost).
 */
import { z } from "zod";
import { database } from "../../db/client";
import { getAgent } from "../../db/queries/agents";
import { recentCycles } from "../../db/queries/task-outcomes";
import { agentLoopStub } from "../../durable-objects/stubs";
import { errorResponse } from "../errors";
import { apiRouter, parseQuery } from "./request";

const agentId = z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/, "must be an agent id (lower-case slug)");
const LoopQuery = z.object({ cycles: z.coerce.number().int().min(1).max(50).default(5) }).strict();

export const agentLoopRoutes = apiRouter().get("/:id/loop", async (c) => {
  const id = c.req.param("id");
  if (!agentId.safeParse(id).success) return errorResponse(c, 404, `agent ${id} not found`);
  const query = parseQuery(c, LoopQuery);
  if (!query.ok) return query.response;
  const db = database(c.env.DB);
  const agent = await getAgent(db, c.var.tenantId, id);
  if (!agent) return errorResponse(c, 404, `agent ${id} not found`);
  const loop = await agentLoopStub(c.env, c.var.tenantId, id).status();
  const cycles = await recentCycles(db, c.var.tenantId, id, query.data.cycles);
  return c.json({
    agent: { id: agent.id, enabled: agent.enabled },
    // An unbound loop has never been scheduled: say so instead of showing an empty tenant.
    loop: loop.tenantId ? loop : null,
    heartbeatAt: loop.heartbeatAt,
    lastCycle: cycles[0] ?? null,
    nextCycleAt: loop.nextCycleAt,
    recentCycles: cycles,
  });
});
