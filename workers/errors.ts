/** JSON error bodies that name the offending field, so a caller can fix the request. */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";

export function errorResponse(c: Context, status: ContentfulStatusCode, error: string, field?: string) {
  return c.json(field ? { error, field } : { error }, status);
}

/**
 * The first zod issue as `{error, field}`: the path joined with dots; for a field the request may
 * not carry, that field; "(body)" for the root.
 */
export function validationError(c: Context, issues: z.core.$ZodIssue[]) {
  const issue = issues[0];
  const path = issue
    ? [...issue.path, ...(issue.code === "unrecognized_keys" ? issue.keys.slice(0, 1) : [])]
    : [];
  const field = path.length > 0 ? path.join(".") : "(body)";
  return errorResponse(c, 400, issue ? `invalid ${field}: ${issue.message}` : "invalid request", field);
}
