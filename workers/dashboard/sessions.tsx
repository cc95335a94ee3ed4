/**
 * Sessions: a member sees their own live sessions and revokes any of them; an admin or owner sees
 * and revokes everyone's in the tenant. Signing out revokes the current one and clears the cookie.
 */
import { database } from "../../db/client";
import { listLiveSessions, revokeSession } from "../../db/queries/member-sessions";
import { systemClock } from "../../kernel/clock";
import { errorResponse } from "../errors";
import { dashboardRouter, tenantPath } from "./context";
import { Page } from "./layout";
import { mayManageSessions } from "./permissions";
import { clearSessionCookie, requireCsrf, wantsJson } from "./session";

const SESSION_ID = /^ses_[a-z0-9_]{1,80}$/;
const when = (ms: number) => new Date(ms).toISOString().replace("T", " ").slice(0, 16);

export const sessionRoutes = dashboardRouter()
  .get("/sessions", async (c) => {
    const { member, session: current, csrfToken } = c.var.signedIn;
    const all = mayManageSessions(member.role);
    const rows = await listLiveSessions(
      database(c.env.DB),
      c.var.tenantId,
      systemClock.now(),
      all ? undefined : member.id,
    );
    return c.html(
      <Page title="Sessions" tenantId={c.var.tenantId} member={{ ...member, csrfToken }}>
        <p class="muted">{all ? "Every live session in this tenant." : "Your live sessions."}</p>
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th>Member</th>
                <th>Browser</th>
                <th>Signed in</th>
                <th>Last seen</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map(({ session, login, name }) => (
                <tr data-session={session.id}>
                  <td>
                    {name} <span class="muted">{login}</span>
                  </td>
                  <td class="browser">{session.userAgent}</td>
                  <td class="when">{when(session.createdAt)}</td>
                  <td class="when">{when(session.lastSeenAt)}</td>
                  <td>
                    {session.id === current.id ? (
                      <span class="muted">this one</span>
                    ) : (
                      <form
                        method="post"
                        action={tenantPath(c.var.tenantId, `/sessions/${session.id}/revoke`)}
                      >
                        <input type="hidden" name="csrf" value={csrfToken} />
                        <button type="submit">Revoke</button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Page>,
    );
  })
  .post("/sessions/:id/revoke", requireCsrf(), async (c) => {
    const id = c.req.param("id");
    if (!SESSION_ID.test(id)) return errorResponse(c, 404, "no such session", "id");
    const { member } = c.var.signedIn;
    const revoked = await revokeSession(
      database(c.env.DB),
      c.var.tenantId,
      id,
      systemClock.now(),
      mayManageSessions(member.role) ? undefined : member.id,
    );
    if (!revoked) return errorResponse(c, 404, "no such live session of yours", "id");
    return wantsJson(c) ? c.json({ revoked: id }) : c.redirect(tenantPath(c.var.tenantId, "/sessions"), 303);
  })
  .post("/sign-out", requireCsrf(), async (c) => {
    await revokeSession(database(c.env.DB), c.var.tenantId, c.var.signedIn.session.id, systemClock.now());
    clearSessionCookie(c);
    return c.redirect(tenantPath(c.var.tenantId, "/sign-in"), 303);
  });
