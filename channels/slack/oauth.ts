/**
 * The OAuth v2 install flow (https://api.slack.com/authentication/oauth-v2). The admin API hands
 * the tenant owner a signed, short-lived install link; /slack/install checks it and redirects to
 * Slack; /slack/oauth/callback checks the same state again, so only a link the owner asked for
 * can bind a workspace to the tenant.
 */
import { constantTimeEqual, hmacSha256Hex } from "../../kernel/digest";

export const SLACK_AUTHORIZE_URL = "https://slack.com/oauth/v2/authorize";
/** What the bot needs: read and answer messages and mentions, slash commands, reactions. */
export const SLACK_BOT_SCOPES = [
  "app_mentions:read",
  "chat:write",
  "commands",
  "im:history",
  "channels:history",
  "groups:history",
  "reactions:read",
];
export const INSTALL_STATE_TTL_MS = 15 * 60_000;

/** Signed install state; the prefix keeps this MAC from ever matching a request signature. */
function mac(secret: string, message: string): Promise<string> {
  return hmacSha256Hex(secret, `slack-install:${message}`);
}

/** `<tenant>.<expires ms>.<nonce>.<hmac>`: the tenant is readable (to find its secret), the rest is checked. */
export async function signInstallState(tenantId: string, expiresAt: number, nonce: string, secret: string) {
  const body = `${tenantId}.${expiresAt}.${nonce}`;
  return `${body}.${await mac(secret, body)}`;
}

export function installStateTenant(state: string): string | null {
  const parts = state.split(".");
  return parts.length === 4 && parts[0] ? parts[0] : null;
}

export async function verifyInstallState(
  state: string,
  secret: string,
  now: number,
): Promise<{ ok: true; tenantId: string } | { ok: false; reason: string }> {
  const parts = state.split(".");
  if (parts.length !== 4) return { ok: false, reason: "state is malformed" };
  const [tenantId, expires, nonce, signature] = parts as [string, string, string, string];
  if (!constantTimeEqual(await mac(secret, `${tenantId}.${expires}.${nonce}`), signature)) {
    return { ok: false, reason: "state signature does not match" };
  }
  if (!(Number(expires) > now)) return { ok: false, reason: "install link has expired" };
  return { ok: true, tenantId };
}

export function authorizeUrl(input: { clientId: string; redirectUri: string; state: string }): string {
  const url = new URL(SLACK_AUTHORIZE_URL);
  url.searchParams.set("client_id", input.clientId);
  url.searchParams.set("scope", SLACK_BOT_SCOPES.join(","));
  url.searchParams.set("redirect_uri", input.redirectUri);
  url.searchParams.set("state", input.state);
  return url.toString();
}
