/** Bearer-token authentication for the admin API: the token names the tenant, nothing else does. */
import { createMiddleware } from "hono/factory";
import { database } from "../../db/client";
import { findActiveToken } from "../../db/queries/auth";
import { sha256Hex } from "../../kernel/digest";
import { errorResponse } from "../errors";

export interface ApiVariables {
  tenantId: string;
  actor: string;
}

export const bearerAuth = () =>
  createMiddleware<{ Bindings: Env; Variables: ApiVariables }>(async (c, next) => {
    const header = c.req.header("Authorization");
    if (!header) return errorResponse(c, 401, "missing Authorization: Bearer <token> header");
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) return errorResponse(c, 401, "Authorization header must be 'Bearer <token>'");
    // Lookup by digest: the index finds the row without comparing secrets character by character.
    const token = await findActiveToken(database(c.env.DB), await sha256Hex(match[1]));
    if (!token) return errorResponse(c, 403, "token is not valid");
    c.set("tenantId", token.tenantId);
    c.set("actor", `api:${token.name}`);
    await next();
  });
