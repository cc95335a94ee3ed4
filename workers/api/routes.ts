/**
 * The admin API. Every handler reads `tenantId` from the authenticated token and passes it to
 * a tenant-scoped query: there is no route that takes a tenant id from the caller.
 */
import { Hono } from "hono";
import { z } from "zod";
import { database } from "../../db/client";
import { decideProposal } from "../../db/proposal-decisions";
import { listAgents } from "../../db/queries/agents";
import { listAudit } from "../../db/queries/audit";
import { getProposal, listProposals } from "../../db/queries/proposals";
import { listTasks } from "../../db/queries/tasks";
import { listThreads } from "../../db/queries/threads";
import { PROPOSAL_STATUSES, TASK_STATUSES } from "../../db/schema";
import { agentLoopStub, threadStub } from "../../durable-objects/stubs";
import { systemClock } from "../../kernel/clock";
import { createIdSource } from "../../kernel/ids";
import { errorResponse, validationError } from "../errors";
import { type ApiVariables, bearerAuth } from "./bearer-auth";

const LimitSchema = z.coerce.number().int().min(1).max(500).default(50);
const ListQuery = z.object({ limit: LimitSchema }).strict();
const ProposalQuery = z.object({ limit: LimitSchema, status: z.enum(PROPOSAL_STATUSES).optional() }).strict();
const TaskQuery = z.object({ limit: LimitSchema, status: z.enum(TASK_STATUSES).optional() }).strict();
const DecisionBody = z.object({ reason: z.string().max(500).optional() }).strict();
const ID = /^[a-z]+_[a-z0-9_]+$/;

const ids = createIdSource(systemClock);

export const adminApi = new Hono<{ Bindings: Env; Variables: ApiVariables }>()
  .use(bearerAuth())
  .get("/agents", async (c) => {
    const query = ListQuery.safeParse(c.req.query());
    if (!query.success) return validationError(c, query.error.issues);
    const rows = await listAgents(database(c.env.DB), c.var.tenantId);
    return c.json({ agents: rows.slice(0, query.data.limit) });
  })
  .get("/threads", async (c) => {
    const query = ListQuery.safeParse(c.req.query());
    if (!query.success) return validationError(c, query.error.issues);
    return c.json({ threads: await listThreads(database(c.env.DB), c.var.tenantId, query.data.limit) });
  })
  .get("/tasks", async (c) => {
    const query = TaskQuery.safeParse(c.req.query());
    if (!query.success) return validationError(c, query.error.issues);
    return c.json({ tasks: await listTasks(database(c.env.DB), c.var.tenantId, query.data) });
  })
  .get("/proposals", async (c) => {
    const query = ProposalQuery.safeParse(c.req.query());
    if (!query.success) return validationError(c, query.error.issues);
    return c.json({ proposals: await listProposals(database(c.env.DB), c.var.tenantId, query.data) });
  })
  .get("/proposals/:id", async (c) => {
    const proposal = await getProposal(database(c.env.DB), c.var.tenantId, c.req.param("id"));
    if (!proposal) return errorResponse(c, 404, "no such proposal", "id");
    return c.json({ proposal });
  })
  .post("/proposals/:id/:decision{approve|reject}", async (c) => {
    const id = c.req.param("id");
    if (!ID.test(id)) return errorResponse(c, 400, "invalid proposal id", "id");
    const text = await c.req.text();
    let raw: unknown = {};
    if (text.trim() !== "") {
      try {
        raw = JSON.parse(text);
      } catch {
        return errorResponse(c, 400, "body is not valid JSON", "(body)");
      }
    }
    const body = DecisionBody.safeParse(raw);
    if (!body.success) return validationError(c, body.error.issues);

    const db = database(c.env.DB);
    const result = await decideProposal(db, {
      tenantId: c.var.tenantId,
      proposalId: id,
      approve: c.req.param("decision") === "approve",
      actor: c.var.actor,
      reason: body.data.reason,
      now: Date.now(),
      auditId: ids.next("aud"),
    });
    switch (result.outcome) {
      case "not_found":
        return errorResponse(c, 404, "no such proposal", "id");
      case "expired":
        return errorResponse(c, 409, "proposal expired before it was decided");
      case "already_decided":
        return c.json(
          { error: `proposal is already ${result.proposal.status}`, proposal: result.proposal },
          409,
        );
      default: {
        // The thread owns the sandbox: it executes (or announces the rejection) exactly once.
        const proposal = await threadStub(c.env, result.proposal.threadId).proposalDecided(
          c.var.tenantId,
          id,
        );
        return c.json({ proposal });
      }
    }
  })
  .get("/audit", async (c) => {
    const query = ListQuery.safeParse(c.req.query());
    if (!query.success) return validationError(c, query.error.issues);
    return c.json({ entries: await listAudit(database(c.env.DB), c.var.tenantId, query.data.limit) });
  })
  .post("/loops/ensure", async (c) => {
    const rows = await listAgents(database(c.env.DB), c.var.tenantId);
    const armed = [];
    for (const agent of rows.filter((row) => row.enabled)) {
      armed.push(
        await agentLoopStub(c.env, c.var.tenantId, agent.id).ensureScheduled(c.var.tenantId, agent.id),
      );
    }
    return c.json({ loops: armed });
  });
