/**
 * The platform API (`/platform`), for whoever runs the deployment: tenants' lives, behind the
 * platform token. A tenant's admin API stays under /api with its own tokens.
 */
import { Hono } from "hono";
import { platformAuth } from "./platform-auth";
import { platformTenantRoutes } from "./tenants";

export const platformApi = new Hono<{ Bindings: Env }>()
  .use(platformAuth())
  .route("/tenants", platformTenantRoutes);
