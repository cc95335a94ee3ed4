/**
 * /api/proposals: list and filter, show one with its votes and audit trail, approve, reject,
 * roll back, cancel. The token is an admin's, so its holder may decide. Decisions are recorded
 * in D1 here; what follows (execution, the undo, the card in the chat) is the thread's job.
 */
import { z } from "zod";
import { database } from "../../db/client";
import { listVotes } from "../../db/queries/proposal-approvals";
import { getProposal, listProposals, proposalAuditTrail } from "../../db/queries/proposals";
import { PROPOSAL_MODES, PROPOSAL_STATUSES } from "../../db/schema";
import { isRefusal } from "../../kernel/refusal";
import { errorResponse } from "../errors";
import { decideFromOutside, tellThread } from "../proposal-decisions";
import { apiRouter, ID_PATTERN, LimitSchema, parseJsonBody, parseQuery } from "./request";

const Name = z.string().min(1).max(128);
const ProposalQuery = z
  .object({
    limit: LimitSchema,
    status: z.enum(PROPOSAL_STATUSES).optional(),
    mode: z.enum(PROPOSAL_MODES).optional(),
    agent: Name.optional(),
    tool: Name.optional(),
    thread: Name.optional(),
  })
  .strict();
const DecisionBody = z.object({ reason: z.string().max(500).optional() }).strict();

export const proposalRoutes = apiRouter()
  .get("/", async (c) => {
    const query = parseQuery(c, ProposalQuery);
    if (!query.ok) return query.response;
    const { agent, thread, ...rest } = query.data;
    const proposals = await listProposals(database(c.env.DB), c.var.tenantId, {
      ...rest,
      agentId: agent,
      threadId: thread,
    });
    return c.json({ proposals });
  })
  .get("/:id", async (c) => {
    const db = database(c.env.DB);
    const id = c.req.param("id");
    const proposal = await getProposal(db, c.var.tenantId, id);
    if (!proposal) return errorResponse(c, 404, "no such proposal", "id");
    const [audit, votes] = await Promise.all([
      proposalAuditTrail(db, c.var.tenantId, id),
      listVotes(db, c.var.tenantId, id),
    ]);
    return c.json({ proposal, votes, audit });
  })
  .post("/:id/:decision{approve|reject}", async (c) => {
    const id = c.req.param("id");
    if (!ID_PATTERN.test(id)) return errorResponse(c, 404, "no such proposal", "id");
    const body = await parseJsonBody(c, DecisionBody);
    if (!body.ok) return body.response;

    const result = await decideFromOutside(c.env, {
      tenantId: c.var.tenantId,
      proposalId: id,
      approve: c.req.param("decision") === "approve",
      actor: c.var.actor,
      reason: body.data.reason,
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
      case "already_voted":
        return c.json({ error: "this approver has already approved", proposal: result.proposal }, 409);
      case "refused_by_thread":
        return errorResponse(c, 409, result.message, "id");
      case "awaiting_more":
        return c.json({ proposal: result.proposal, approvals: result.approvals, needed: result.needed }, 202);
      default:
        return c.json(
          { proposal: result.proposal, outcome: result.threadOutcome },
          result.outcome === "approved" ? 202 : 200,
        );
    }
  })
  .post("/:id/:verb{rollback|cancel}", async (c) => {
    const id = c.req.param("id");
    if (!ID_PATTERN.test(id)) return errorResponse(c, 404, "no such proposal", "id");
    const body = await parseJsonBody(c, DecisionBody);
    if (!body.ok) return body.response;
    const proposal = await getProposal(database(c.env.DB), c.var.tenantId, id);
    if (!proposal) return errorResponse(c, 404, "no such proposal", "id");
    const verb = c.req.param("verb") as "rollback" | "cancel";
    const done = await tellThread(c.env, proposal.threadId, c.var.tenantId, id, {
      verb,
      actor: c.var.actor,
      reason: body.data.reason,
    });
    if (isRefusal(done)) return errorResponse(c, 409, done.refused, "id");
    const refused = done.outcome === "refused" || done.outcome === "too_late";
    return c.json(
      refused
        ? { error: done.message, outcome: done.outcome, proposal: done.proposal }
        : { outcome: done.outcome, message: done.message, proposal: done.proposal },
      refused ? 409 : 200,
    );
  });
