/**
 * A tenant's own secrets (its provider keys, its E2B key), looked up by (tenant id, short name).
 *
 * Worker secrets are one flat namespace, so a tenant's secret lives under a name derived from
 * its id. The derivation must be injective: the first version built `CAIRN_TENANT_<ID>_<NAME>`
 * with `-` → `_`, so tenant `demo` naming `CO_OPENAI_API_KEY` reached tenant `demo-co`'s
 * `OPENAI_API_KEY`. Now the tenant part and the short name are joined by `__`, and a short name
 * may not contain `__` nor start with `_`: the short name is then whatever follows the *last*
 * `__`, so one secret name belongs to exactly one (tenant, short name) pair (see
 * {@link parseTenantSecretName}, and the test that checks it both ways).
 *
 * A tenant's configuration names only the short name; the server derives the full name for the
 * tenant making the request, so no tenant can spell another tenant's secret at all.
 *
 * @example
 * tenantSecretName("demo-co", "OPENAI_API_KEY") // "CAIRN_TENANT_DEMO_CO__OPENAI_API_KEY"
 * tenantSecretName("demo", "CO_OPENAI_API_KEY") // "CAIRN_TENANT_DEMO__CO_OPENAI_API_KEY"
 */

const PREFIX = "CAIRN_TENANT_";
const SEPARATOR = "__";

/** Tenant ids as the gateway and the API accept them. */
const TENANT_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * A short secret name: upper-case words joined by single underscores, first a letter. `__` is
 * the separator, so it cannot appear inside; `CAIRN_` is refused so that a full name pasted
 * where a short one belongs is an error rather than a secret nobody set.
 */
export const TENANT_SECRET_SHORT_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;
export const TENANT_SECRET_SHORT_NAME_MAX = 64;

export type ShortNameCheck = { ok: true } | { ok: false; reason: string };

export function checkTenantSecretShortName(name: string): ShortNameCheck {
  if (name.length > TENANT_SECRET_SHORT_NAME_MAX)
    return { ok: false, reason: `at most ${TENANT_SECRET_SHORT_NAME_MAX} characters` };
  if (name.startsWith("CAIRN_"))
    return {
      ok: false,
      reason: "name the secret by its short name (e.g. LLM_KEY); the server adds the tenant's prefix",
    };
  if (!TENANT_SECRET_SHORT_NAME.test(name))
    return { ok: false, reason: "upper-case letters, digits and single underscores, starting with a letter" };
  return { ok: true };
}

/** The tenant part of a secret name: upper case, `-` → `_` (tenant ids have no `_`, so this is one-to-one). */
function encodeTenantId(tenantId: string): string {
  return tenantId.toUpperCase().replaceAll("-", "_");
}

/**
 * The Worker secret that holds `shortName` for `tenantId`, or undefined when either is not
 * well-formed (then there is no such secret, rather than a guessed one).
 */
export function tenantSecretName(tenantId: string, shortName: string): string | undefined {
  if (!TENANT_ID.test(tenantId) || !checkTenantSecretShortName(shortName).ok) return undefined;
  return `${PREFIX}${encodeTenantId(tenantId)}${SEPARATOR}${shortName}`;
}

/** The inverse of {@link tenantSecretName}: which (tenant, short name) a secret name belongs to. */
export function parseTenantSecretName(
  secretName: string,
): { tenantId: string; shortName: string } | undefined {
  if (!secretName.startsWith(PREFIX)) return undefined;
  const rest = secretName.slice(PREFIX.length);
  const cut = rest.lastIndexOf(SEPARATOR);
  if (cut <= 0) return undefined;
  const tenantId = rest.slice(0, cut).toLowerCase().replaceAll("_", "-");
  const shortName = rest.slice(cut + SEPARATOR.length);
  return tenantSecretName(tenantId, shortName) === secretName ? { tenantId, shortName } : undefined;
}

/**
 * The short name a stored provider entry means. Entries saved before the `__` scheme hold the
 * full legacy name `CAIRN_TENANT_<ID>_<NAME>`, which the API only accepted with this tenant's
 * legacy prefix; they are read as `<NAME>` in this tenant's own namespace (so an entry that
 * aimed at another tenant's key now names one of its own, which nobody set).
 */
export function storedSecretShortName(tenantId: string, apiKeySecret: string): string {
  const legacyPrefix = `${PREFIX}${encodeTenantId(tenantId)}_`;
  return apiKeySecret.startsWith(legacyPrefix) ? apiKeySecret.slice(legacyPrefix.length) : apiKeySecret;
}

/** The value of a tenant's secret, or undefined when it is not set (or the names are not well-formed). */
export function readTenantSecret(env: object, tenantId: string, shortName: string): string | undefined {
  const name = tenantSecretName(tenantId, shortName);
  if (!name) return undefined;
  const value = (env as Record<string, unknown>)[name];
  return typeof value === "string" && value ? value : undefined;
}
