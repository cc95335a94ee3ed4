/**
 * The inbox: pending proposals with approve and reject, and below them what was decided in the
 * last day, refreshed without a reload (the page's script polls the list fragment every two
 * seconds; docs/decisions/dashboard-server-rendered-hono-jsx.md). The decisions themselves are
 * workers/dashboard/decisions.tsx.
 */
import type { Context } from "hono";
import { database } from "../../db/client";
import { systemClock } from "../../kernel/clock";
import { channelLookup } from "./channel-lookup";
import { type DashboardEnv, dashboardRouter, tenantPath } from "./context";
import { type InboxItem, inboxItems, timeLeft } from "./inbox-items";
import { Page } from "./layout";
import { RecentList, recentItems } from "./recent";

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
  const db = database(c.env.DB);
  const now = systemClock.now();
  const lookup = channelLookup(db, c.var.tenantId);
  const [pending, recent] = await Promise.all([
    inboxItems(db, lookup, member, now),
    recentItems(db, lookup, member, now),
  ]);
  return (
    <>
      <InboxList items={pending} tenantId={c.var.tenantId} csrf={csrfToken} />
      <RecentList items={recent} tenantId={c.var.tenantId} csrf={csrfToken} />
    </>
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
  .get("/inbox/items", async (c) => c.html(await list(c)));
