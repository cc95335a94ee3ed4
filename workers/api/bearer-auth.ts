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

/** The token of an `Authorization: Bearer <token>` header, or why the header is no such thing (a 401). */
export function bearerTokenOf(
  header: string | undefined,
  label = "token",
): { token: string } | { error: string } {
  if (!header) return { error: `missing Authorization: Bearer <${label}> header` };
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ? { token: match[1] } : { error: `Authorization header must be 'Bearer <${label}>'` };
}

export const bearerAuth = () =>
  createMiddleware<{ Bindings: Env; Variables: ApiVariables }>(async (c, next) => {
    const bearer = bearerTokenOf(c.req.header("Authorization"));
    if ("error" in bearer) return errorResponse(c, 401, bearer.error);
    // Lookup by digest: the index finds the row without comparing secrets character by character.
    const token = await findActiveToken(database(c.env.DB), await sha256Hex(bearer.token));
    if (!token) return errorResponse(c, 403, "token is not valid");
    c.set("tenantId", token.tenantId);
    c.set("actor", `api:${token.name}`);
    await next();
  });
