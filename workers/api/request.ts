/** Shared pieces of admin API handlers: the app type, query limits and JSON bodies. */
import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { byteLength, parseBoundedJson, REQUEST_LIMITS } from "../../kernel/request-limits";
import { errorResponse, validationError } from "../errors";
import type { ApiVariables } from "./bearer-auth";

export type ApiEnv = { Bindings: Env; Variables: ApiVariables };

/** A router for one resource; mounted under /api behind bearerAuth() by workers/api/index.ts. */
export const apiRouter = () => new Hono<ApiEnv>();

export const LimitSchema = z.coerce.number().int().min(1).max(500).default(50);
export const ListQuery = z.object({ limit: LimitSchema }).strict();

/** Ids Cairn issues: a lower-case prefix, an underscore, then lower-case letters, digits, underscores. */
export const ID_PATTERN = /^[a-z]+_[a-z0-9_]+$/;

export type Parsed<T> = { ok: true; data: T } | { ok: false; response: Response };

/** Validates the query string; the failure is a 400 naming the field. Any router (admin or platform API). */
export function parseQuery<T>(c: Context, schema: z.ZodType<T>): Parsed<T> {
  const result = schema.safeParse(c.req.query());
  return result.success
    ? { ok: true, data: result.data }
    : { ok: false, response: validationError(c, result.error.issues) };
}

/**
 * Validates a JSON body; an empty body is `{}` so optional bodies can be left out. Refused before
 * parsing: a body over REQUEST_LIMITS.apiBodyBytes (413) or nested past its JSON depth (400).
 */
export async function parseJsonBody<T>(c: Context, schema: z.ZodType<T>): Promise<Parsed<T>> {
  const limit = REQUEST_LIMITS.apiBodyBytes;
  const tooLarge = (): Parsed<T> => ({
    ok: false,
    response: errorResponse(c, 413, `a request body is at most ${limit} bytes`, "(body)"),
  });
  if (Number(c.req.header("content-length") ?? 0) > limit) return tooLarge();
  const text = await c.req.text();
  if (byteLength(text) > limit) return tooLarge();
  let raw: unknown = {};
  if (text.trim() !== "") {
    const json = parseBoundedJson(text);
    if (!json.ok) return { ok: false, response: errorResponse(c, 400, json.message, "(body)") };
    raw = json.value;
  }
  const result = schema.safeParse(raw);
  return result.success
    ? { ok: true, data: result.data }
    : { ok: false, response: validationError(c, result.error.issues) };
}
