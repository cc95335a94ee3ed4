/**
 * Dashboard sessions: the cookie (HttpOnly, Secure, SameSite=Strict, Path=/app) carries a random
 * secret; the session is looked up by its digest within the tenant the URL names, so a session of
 * tenant A is no session at all on tenant B's pages. Every state-changing request must carry the
 * session's CSRF token (form field `csrf` or header `X-CSRF-Token`).
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { database } from "../../db/client";
import { findLiveSession, touchSession } from "../../db/queries/member-sessions";
import { systemClock } from "../../kernel/clock";
import { csrfTokenFor, csrfTokenMatches, SESSION, sessionDigest } from "../../kernel/members/session-token";
import { errorResponse } from "../errors";
import type { DashboardEnv } from "./context";
import { tenantPath } from "./context";

/** Sessions are touched at most once a minute: a page polling every few seconds writes nothing. */
const TOUCH_EVERY_MS = 60_000;

export function setSessionCookie(c: Context, secret: string, expiresAt: number) {
  setCookie(c, SESSION.cookie, secret, {
    path: "/app",
    httpOnly: true,
    secure: true,
    sameSite: "Strict",
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(c: Context) {
  deleteCookie(c, SESSION.cookie, { path: "/app", secure: true, httpOnly: true, sameSite: "Strict" });
}

/** Wants JSON (the page's script) rather than a page (a form post or a link). */
export function wantsJson(c: Context): boolean {
  return (c.req.header("Accept") ?? "").includes("application/json");
}

/** Asked by the page's script (JSON, or a fragment of a page): answered with a status, never a redirect. */
function fromScript(c: Context): boolean {
  return wantsJson(c) || c.req.header("X-Dashboard-Fragment") === "1";
}

/**
 * Requires a live session of the URL's tenant. Pages without one go to the sign-in page; JSON
 * callers get a 401 naming the problem.
 */
export const requireSession = () =>
  createMiddleware<DashboardEnv>(async (c, next) => {
    const tenantId = c.var.tenantId;
    const secret = getCookie(c, SESSION.cookie);
    const now = systemClock.now();
    const db = database(c.env.DB);
    const found = secret ? await findLiveSession(db, tenantId, await sessionDigest(secret), now) : null;
    if (!secret || !found) {
      if (c.req.method === "GET" && !fromScript(c)) return c.redirect(tenantPath(tenantId, "/sign-in"), 303);
      return errorResponse(
        c,
        401,
        `not signed in to tenant ${tenantId}: sign in at ${tenantPath(tenantId, "/sign-in")}`,
      );
    }
    if (now - found.session.lastSeenAt > TOUCH_EVERY_MS)
      await touchSession(db, tenantId, found.session.id, now);
    c.set("signedIn", { ...found, csrfToken: await csrfTokenFor(secret) });
    await next();
  });

/** The session's CSRF token in the `X-CSRF-Token` header or the form field `csrf`. */
async function presentedCsrf(c: Context): Promise<string | undefined> {
  const header = c.req.header("X-CSRF-Token");
  if (header) return header;
  const type = c.req.header("Content-Type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data"))
    return undefined;
  const form = await c.req.parseBody();
  return typeof form.csrf === "string" ? form.csrf : undefined;
}

/** After requireSession: a state-changing request without the session's CSRF token is a 403. */
export const requireCsrf = () =>
  createMiddleware<DashboardEnv>(async (c, next) => {
    const secret = getCookie(c, SESSION.cookie) ?? "";
    const presented = await presentedCsrf(c);
    if (!presented)
      return errorResponse(c, 403, "missing CSRF token (form field csrf or header X-CSRF-Token)", "csrf");
    if (!(await csrfTokenMatches(secret, presented)))
      return errorResponse(c, 403, "CSRF token does not match this session", "csrf");
    await next();
  });
