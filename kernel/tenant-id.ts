import { z } from "zod";

/**
 * A tenant id: lower-case letters, digits and dashes, starting with a letter or digit, at most 63
 * characters. It starts every Durable Object name and appears in webhook URLs, so it is checked
 * wherever one arrives from outside.
 */
export const TENANT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

export const TenantIdSchema = z.string().regex(TENANT_ID_PATTERN, "a tenant id");
