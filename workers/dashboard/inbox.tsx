/**
 * The inbox: pending proposals, refreshed without a reload (the page's script polls the list
 * fragment every two seconds; docs/decisions/dashboard-server-rendered-hono-jsx.md), with approve
 * and reject. A decision takes the same path as the API (workers/proposal-decisions.ts) and is
 * recorded under the member's chat identity, so the dashboard and a chat button racing on one
 * proposal execute it once and count one vote per person.
 */
import type { Context } from "hono";
import { database } from "../../db/client";
import { getProposal } from "../../db/queries/proposals";
import { auditWriter } from "../../kernel/audit/chain";
import { systemClock } from "../../kernel/clock";
import { errorResponse } from "../errors";
import { decideFromOutside } from "../proposal-decisions";
import { type DashboardEnv, dashboardRouter, tenantPath } from "./context";
import { type InboxItem, inboxItems, timeLeft } from "./inbox-items";
import { Notice, Page } from "./layout";
import { decideRight } from "./permissions";
import { requireCsrf, wantsJson } from "./session";

const PROPOSAL_ID = /^prop_[a-z0-9_]{1,80}$/;
type Ctx = Context<DashboardEnv>;

function InboxCard({ item, tenantId, csrf }: { item: InboxItem; tenantId: string; csrf: string }) {
  const p = item.proposal;
  return (
    <article class="card" data-proposal={p.id}>
      <h2>
        {p.tool} <span class="muted">{p.id}</span>
      </h2>
      <pre data-field="input">{JSON.stringify(p.input, null, 2)}</pre>
      <dl>
        <dt>Why asked</dt>
        <dd>
          {p.reason} <span class="muted">({p.rule})</span>
        </dd>
        <dt>Risk</dt>
        <dd>{p.risk ?? "unknown"}</dd>
        <dt>Mode</dt>
        <dd>{p.mode}</dd>
        {p.target ? (
          <>
            <dt>Touches</dt>
            <dd>{p.target}</dd>
          </>
        ) : null}
        <dt>Agent</dt>
        <dd>{p.agentId}</dd>
        <dt>Approvals</dt>
        <dd>
          {p.approvalsReceived} of {p.approvalsNeeded}
        </dd>
        <dt>Who may approve</dt>
        <dd>{item.approvers.length > 0 ? item.approvers.join(", ") : "only an admin API token"}</dd>
        <dt>Window</dt>
        <dd data-field="time-left">{timeLeft(item.msLeft)}</dd>
      </dl>
      {item.decide.allowed ? (
        <div class="actions">
          <form method="post" action={tenantPath(tenantId, `/proposals/${p.id}/approve`)} data-decide="">
            <input type="hidden" name="csrf" value={csrf} />
            <button type="submit" class="approve">
              Approve
            </button>
          </form>
          <form method="post" action={tenantPath(tenantId, `/proposals/${p.id}/reject`)} data-decide="">
            <input type="hidden" name="csrf" value={csrf} />
            <button type="submit" class="reject">
              Reject
            </button>
          </form>
        </div>
      ) : (
        <p class="muted">You cannot decide this one: {item.decide.reason}.</p>
      )}
    </article>
  );
}

function InboxList({ items, tenantId, csrf }: { items: InboxItem[]; tenantId: string; csrf: string }) {
  if (items.length === 0) return <p class="muted">Nothing is waiting for a decision.</p>;
  return (
    <>
      {items.map((item) => (
        <InboxCard item={item} tenantId={tenantId} csrf={csrf} />
      ))}
    </>
  );
}

async function list(c: Ctx) {
  const { member, csrfToken } = c.var.signedIn;
  const items = await inboxItems(database(c.env.DB), member, systemClock.now());
  return <InboxList items={items} tenantId={c.var.tenantId} csrf={csrfToken} />;
}

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

export const inboxRoutes = dashboardRouter()
  .get("/inbox", async (c) => {
    const { member, csrfToken } = c.var.signedIn;
    return c.html(
      <Page title="Inbox" tenantId={c.var.tenantId} member={{ ...member, csrfToken }}>
        <p data-result="" aria-live="polite" />
        <section data-inbox={tenantPath(c.var.tenantId, "/inbox/items")} data-every="2000" aria-live="polite">
          {await list(c)}
        </section>
      </Page>,
    );
  })
  .get("/inbox/items", async (c) => c.html(await list(c)))
  .post("/proposals/:id/:decision{approve|reject}", requireCsrf(), async (c) => {
    const id = c.req.param("id");
    if (!PROPOSAL_ID.test(id)) return errorResponse(c, 404, "no such proposal", "id");
    const tenantId = c.var.tenantId;
    const db = database(c.env.DB);
    const proposal = await getProposal(db, tenantId, id);
    if (!proposal) return answer(c, 404, "no such proposal");
    const right = await decideRight(db, c.var.signedIn.member, proposal);
    if (!right.allowed) return answer(c, 403, `you cannot decide ${id}: ${right.reason}`);
    const approve = c.req.param("decision") === "approve";
    const result = await decideFromOutside(c.env, {
      tenantId,
      proposalId: id,
      approve,
      actor: right.actor,
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
  });
