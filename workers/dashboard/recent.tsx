/**
 * Under the inbox: proposals decided or changed in the last 24 hours, the latest first, so an
 * approval can be followed to its execution (or failure, rejection, expiry) without a reload.
 * An executed, reversible one still in its window offers Roll back; an approved one still held
 * (hold_then_execute) offers Cancel — to whoever may decide it.
 */
import type { Database } from "../../db/client";
import type { MemberRow } from "../../db/queries/members";
import { listRecentlyChanged, type ProposalRow } from "../../db/queries/proposals";
import type { ChannelLookup } from "./channel-lookup";
import { tenantPath } from "./context";
import { timeLeft } from "./inbox-items";
import { decideRight } from "./permissions";

const DAY_MS = 24 * 60 * 60_000;

export interface RecentItem {
  proposal: ProposalRow;
  /** What the viewer may still do about it. */
  actions: Array<"rollback" | "cancel">;
  /** Time left to roll back or to cancel, when one of them is offered. */
  msLeft: number | null;
}

export async function recentItems(
  db: Database,
  lookup: ChannelLookup,
  member: MemberRow,
  now: number,
): Promise<RecentItem[]> {
  const rows = await listRecentlyChanged(db, member.tenantId, now - DAY_MS, 10);
  const items: RecentItem[] = [];
  for (const proposal of rows) {
    const canUndo =
      proposal.status === "executed" &&
      proposal.reversible &&
      proposal.inverse !== null &&
      (proposal.windowEndsAt ?? 0) > now;
    const canCancel = proposal.status === "approved" && (proposal.holdUntil ?? 0) > now;
    const offered: RecentItem["actions"] = canUndo ? ["rollback"] : canCancel ? ["cancel"] : [];
    const allowed = offered.length > 0 && (await decideRight(lookup, member, proposal)).allowed;
    items.push({
      proposal,
      actions: allowed ? offered : [],
      msLeft: canUndo
        ? (proposal.windowEndsAt ?? now) - now
        : canCancel
          ? (proposal.holdUntil ?? now) - now
          : null,
    });
  }
  return items;
}

const LABEL = { rollback: "Roll back", cancel: "Cancel" } as const;

export function RecentList({
  items,
  tenantId,
  csrf,
}: {
  items: RecentItem[];
  tenantId: string;
  csrf: string;
}) {
  if (items.length === 0) return null;
  return (
    <>
      <h2>Recently decided</h2>
      {items.map(({ proposal: p, actions, msLeft }) => (
        <article class="card" data-decided={p.id}>
          <h3>
            {p.tool} <span class="muted">{p.id}</span>
          </h3>
          <dl>
            <dt>Status</dt>
            <dd data-field="status">{p.status}</dd>
            {p.decidedBy ? (
              <>
                <dt>Decided by</dt>
                <dd>{p.decidedBy}</dd>
              </>
            ) : null}
            {p.statusReason ? (
              <>
                <dt>Why</dt>
                <dd>{p.statusReason}</dd>
              </>
            ) : null}
            {msLeft !== null ? (
              <>
                <dt>{actions.includes("cancel") || p.status === "approved" ? "Runs in" : "Undo window"}</dt>
                <dd>{timeLeft(msLeft)}</dd>
              </>
            ) : null}
          </dl>
          {actions.length > 0 ? (
            <div class="actions">
              {actions.map((verb) => (
                <form
                  method="post"
                  action={tenantPath(tenantId, `/proposals/${p.id}/${verb}`)}
                  data-decide=""
                >
                  <input type="hidden" name="csrf" value={csrf} />
                  <button type="submit">{LABEL[verb]}</button>
                </form>
              ))}
            </div>
          ) : null}
        </article>
      ))}
    </>
  );
}
