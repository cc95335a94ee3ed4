/** Shared pieces of admin API handlers: the app type, query limits and JSON bodies. */
import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
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

/** Validates the query string; the failure is a 400 naming the field. */
export function parseQuery<T>(c: Context<ApiEnv>, schema: z.ZodType<T>): Parsed<T> {
  const result = schema.safeParse(c.req.query());
  return result.success
    ? { ok: true, data: result.data }
    : { ok: false, response: validationError(c, result.error.issues) };
}

/** Validates a JSON body; an empty body is `{}` so optional bodies can be left out. */
export async function parseJsonBody<T>(c: Context<ApiEnv>, schema: z.ZodType<T>): Promise<Parsed<T>> {
  const text = await c.req.text();
  let raw: unknown = {};
  if (text.trim() !== "") {
    try {
      raw = JSON.parse(text);
    } catch {
      return { ok: false, response: errorResponse(c, 400, "body is not valid JSON", "(body)") };
    }
  }
  const result = schema.safeParse(raw);
  return result.success
    ? { ok: true, data: result.data }
    : { ok: false, response: validationError(c, result.error.issues) };
}
