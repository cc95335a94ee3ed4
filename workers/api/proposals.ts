/** /api/proposals: list, show, approve, reject. */
import { z } from "zod";
import { database } from "../../db/client";
import { decideProposal } from "../../db/proposal-decisions";
import { getProposal, listProposals } from "../../db/queries/proposals";
import { PROPOSAL_STATUSES } from "../../db/schema";
import { threadStub } from "../../durable-objects/stubs";
import { systemClock } from "../../kernel/clock";
import { createIdSource } from "../../kernel/ids";
import { errorResponse } from "../errors";
import { apiRouter, ID_PATTERN, LimitSchema, parseJsonBody, parseQuery } from "./request";

const ProposalQuery = z.object({ limit: LimitSchema, status: z.enum(PROPOSAL_STATUSES).optional() }).strict();
const DecisionBody = z.object({ reason: z.string().max(500).optional() }).strict();

const ids = createIdSource(systemClock);

export const proposalRoutes = apiRouter()
  .get("/", async (c) => {
    const query = parseQuery(c, ProposalQuery);
    if (!query.ok) return query.response;
    return c.json({ proposals: await listProposals(database(c.env.DB), c.var.tenantId, query.data) });
  })
  .get("/:id", async (c) => {
    const proposal = await getProposal(database(c.env.DB), c.var.tenantId, c.req.param("id"));
    if (!proposal) return errorResponse(c, 404, "no such proposal", "id");
    return c.json({ proposal });
  })
  .post("/:id/:decision{approve|reject}", async (c) => {
    const id = c.req.param("id");
    if (!ID_PATTERN.test(id)) return errorResponse(c, 400, "invalid proposal id", "id");
    const body = await parseJsonBody(c, DecisionBody);
    if (!body.ok) return body.response;

    const result = await decideProposal(database(c.env.DB), {
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
  });
