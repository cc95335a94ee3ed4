/** The dashboard's Hono types: every page runs for one tenant, named by the URL, and maybe a member. */
import { Hono } from "hono";
import type { MemberSessionRow } from "../../db/queries/member-sessions";
import type { MemberRow } from "../../db/queries/members";

export interface SignedIn {
  member: MemberRow;
  session: MemberSessionRow;
  /** The CSRF token every state-changing request of this session must carry. */
  csrfToken: string;
}

export interface DashboardVariables {
  tenantId: string;
  signedIn: SignedIn;
}

export type DashboardEnv = { Bindings: Env; Variables: DashboardVariables };

export const dashboardRouter = () => new Hono<DashboardEnv>();

/** Where a tenant's pages live: /app/<tenant>/… */
export const tenantPath = (tenantId: string, rest = "") => `/app/${tenantId}${rest}`;
