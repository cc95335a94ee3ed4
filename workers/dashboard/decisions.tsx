/**
 * A member's decisions on a proposal: approve and reject take the path the API takes
 * (workers/proposal-decisions.ts: decideProposal, then the thread executes once); roll back and
 * cancel are asked of the proposal's thread, as the API and the chat buttons ask it. Each is
 * recorded under the member's chat identity (`user:<platform>:<id>`), so the dashboard and a
 * chat button racing on one proposal act once and count one vote per person. Rights:
 * workers/dashboard/permissions.ts.
 */
import type { Context } from "hono";
import { database } from "../../db/client";
import { getProposal } from "../../db/queries/proposals";
import { auditWriter } from "../../kernel/audit/chain";
import { isRefusal } from "../../kernel/refusal";
import { errorResponse } from "../errors";
import { decideFromOutside, tellThread } from "../proposal-decisions";
import { channelLookup } from "./channel-lookup";
import { type DashboardEnv, dashboardRouter, tenantPath } from "./context";
import { Notice, Page } from "./layout";
import { decideRight } from "./permissions";
import { requireCsrf, wantsJson } from "./session";

const PROPOSAL_ID = /^prop_[a-z0-9_]{1,80}$/;
type Ctx = Context<DashboardEnv>;

/** A decision's answer: JSON for the page's script, a page for a plain form post. */
function answer(c: Ctx, status: 200 | 202 | 403 | 404 | 409, message: string) {
  const ok = status < 400;
  if (wantsJson(c)) return c.json(ok ? { message } : { error: message }, status);
  const { member, csrfToken } = c.var.signedIn;
  return c.html(
    <Page title="Inbox" tenantId={c.var.tenantId} member={{ ...member, csrfToken }}>
      <Notice kind={ok ? "info" : "error"} text={message} />
      <p>
        <a href={tenantPath(c.var.tenantId, "/inbox")}>Back to the inbox</a>
      </p>
    </Page>,
    status,
  );
}

/** The proposal named by the URL, if the member may decide it; otherwise the answer to send. */
async function decidable(c: Ctx) {
  const id = c.req.param("id") ?? "";
  if (!PROPOSAL_ID.test(id)) return { refused: errorResponse(c, 404, "no such proposal", "id") };
  const db = database(c.env.DB);
  const proposal = await getProposal(db, c.var.tenantId, id);
  if (!proposal) return { refused: answer(c, 404, "no such proposal") };
  const right = await decideRight(channelLookup(db, c.var.tenantId), c.var.signedIn.member, proposal);
  if (!right.allowed) return { refused: answer(c, 403, `you cannot decide ${id}: ${right.reason}`) };
  return { proposal, actor: right.actor };
}

export const decisionRoutes = dashboardRouter()
  .post("/proposals/:id/:decision{approve|reject}", requireCsrf(), async (c) => {
    const found = await decidable(c);
    if ("refused" in found) return found.refused;
    const { proposal, actor } = found;
    const approve = c.req.param("decision") === "approve";
    const result = await decideFromOutside(c.env, {
      tenantId: c.var.tenantId,
      proposalId: proposal.id,
      approve,
      actor,
      reason: `${approve ? "approved" : "rejected"} in the dashboard by ${c.var.signedIn.member.login}`,
      writer: auditWriter.dashboard,
    });
    switch (result.outcome) {
      case "not_found":
        return answer(c, 404, "no such proposal");
      case "expired":
        return answer(c, 409, "the proposal expired before it was decided");
      case "already_decided":
        return answer(c, 409, `the proposal is already ${result.proposal.status}`);
      case "already_voted":
        return answer(c, 409, "your approval is already counted");
      case "refused_by_thread":
        return answer(c, 409, result.message);
      case "awaiting_more":
        return answer(c, 202, `Recorded: ${result.approvals} of ${result.needed} approvals.`);
      default:
        return answer(c, result.outcome === "approved" ? 202 : 200, result.message);
    }
  })
  .post("/proposals/:id/:verb{rollback|cancel}", requireCsrf(), async (c) => {
    const found = await decidable(c);
    if ("refused" in found) return found.refused;
    const { proposal, actor } = found;
    const verb = c.req.param("verb") as "rollback" | "cancel";
    const done = await tellThread(c.env, proposal.threadId, c.var.tenantId, proposal.id, {
      verb,
      actor,
      reason: `${verb === "rollback" ? "rolled back" : "cancelled"} in the dashboard by ${c.var.signedIn.member.login}`,
    });
    if (isRefusal(done)) return answer(c, 409, done.refused);
    const refused = done.outcome === "refused" || done.outcome === "too_late" || done.outcome === "not_found";
    return answer(c, refused ? 409 : 200, done.message);
  });
