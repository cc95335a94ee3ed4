/**
 * The operator's dashboard under /app: server-rendered pages (hono/jsx) for one tenant each,
 * /app/<tenant>/…, behind a member's session; the sign-in pages are the only ones without one.
 * Every answer carries a Content-Security-Policy that allows only the dashboard's own stylesheet
 * and script, so nothing a page shows can run.
 */
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { TENANT_ID_PATTERN } from "../../kernel/tenant-id";
import { errorResponse } from "../errors";
import { DASHBOARD_CSS, DASHBOARD_JS } from "./assets";
import type { DashboardEnv } from "./context";
import { decisionRoutes } from "./decisions";
import { inboxRoutes } from "./inbox";
import { requireSession } from "./session";
import { sessionRoutes } from "./sessions";
import { signInRoutes } from "./sign-in";
import { usageRoutes } from "./usage";

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

const securityHeaders = createMiddleware(async (c, next) => {
  await next();
  c.header("Content-Security-Policy", CSP);
  c.header("X-Content-Type-Options", "nosniff");
  c.header("Referrer-Policy", "same-origin");
  c.header("Cache-Control", "no-store");
});

/** The tenant named by the URL; nothing else names it. */
const tenantFromPath = createMiddleware<DashboardEnv>(async (c, next) => {
  const tenantId = c.req.param("tenant") ?? "";
  if (!TENANT_ID_PATTERN.test(tenantId)) return errorResponse(c, 400, "invalid tenant id", "tenant");
  c.set("tenantId", tenantId);
  await next();
});

const signedInPages = new Hono<DashboardEnv>()
  .use(requireSession())
  .get("/", (c) => c.redirect(`/app/${c.var.tenantId}/inbox`, 303))
  .route("/", inboxRoutes)
  .route("/", decisionRoutes)
  .route("/", sessionRoutes)
  .route("/", usageRoutes);

export const dashboard = new Hono<DashboardEnv>()
  .use(securityHeaders)
  .get("/assets/dashboard.css", (c) =>
    c.body(DASHBOARD_CSS, 200, { "Content-Type": "text/css; charset=utf-8" }),
  )
  .get("/assets/dashboard.js", (c) =>
    c.body(DASHBOARD_JS, 200, { "Content-Type": "text/javascript; charset=utf-8" }),
  )
  .use("/:tenant/*", tenantFromPath)
  .use("/:tenant", tenantFromPath)
  .route("/:tenant/sign-in", signInRoutes)
  .route("/:tenant", signedInPages);
