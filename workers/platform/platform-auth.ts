/**
 * The platform operator's bearer token: `CAIRN_PLATFORM_TOKEN`, a deployment secret that belongs
 * to no tenant. No tenant's admin token opens the platform API, and without the secret the API is
 * switched off (404, saying how to switch it on).
 */
import { createMiddleware } from "hono/factory";
import { secretMatchesDigest, sha256Hex } from "../../kernel/digest";
import { errorResponse } from "../errors";

export const platformAuth = () =>
  createMiddleware<{ Bindings: Env }>(async (c, next) => {
    const secret = c.env.CAIRN_PLATFORM_TOKEN;
    if (!secret)
      return errorResponse(
        c,
        404,
        "the platform API is off: set the CAIRN_PLATFORM_TOKEN secret to turn it on",
      );
    const header = c.req.header("Authorization");
    if (!header) return errorResponse(c, 401, "missing Authorization: Bearer <platform token> header");
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) return errorResponse(c, 401, "Authorization header must be 'Bearer <platform token>'");
    // Digests of equal length, compared without an early exit.
    if (!(await secretMatchesDigest(match[1], await sha256Hex(secret))))
      return errorResponse(c, 403, "not the platform token");
    await next();
  });
