/**
 * The platform operator's bearer token: `CAIRN_PLATFORM_TOKEN`, a deployment secret that belongs
 * to no tenant. No tenant's admin token opens the platform API, and without the secret the API is
 * switched off (404, saying how to switch it on).
 */
import { createMiddleware } from "hono/factory";
import { secretMatchesDigest, sha256Hex } from "../../kernel/digest";
import { bearerTokenOf } from "../api/bearer-auth";
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
    const bearer = bearerTokenOf(c.req.header("Authorization"), "platform token");
    if ("error" in bearer) return errorResponse(c, 401, bearer.error);
    // Digests of equal length, compared without an early exit.
    if (!(await secretMatchesDigest(bearer.token, await sha256Hex(secret))))
      return errorResponse(c, 403, "not the platform token");
    await next();
  });
