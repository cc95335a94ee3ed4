/**
 * GET /slack/install?state=… and GET /slack/oauth/callback: the OAuth v2 install. The state is
 * a signed, short-lived link from the admin API (POST /api/channels/slack/install-link), so a
 * stranger cannot bind their workspace to a tenant. The bot token is sealed before it is stored.
 */
import { Hono } from "hono";
import { ChannelConfigSchema } from "../../channels/channel-config";
import { authorizeUrl, installStateTenant, verifyInstallState } from "../../channels/slack/oauth";
import { exchangeOAuthCode, SLACK_API_BASE, SlackApiError } from "../../channels/slack/web-api";
import { database } from "../../db/client";
import { saveSlackInstallation } from "../../db/queries/channels-slack";
import { log } from "../../kernel/log";
import { seal } from "../../kernel/secret-box";
import { errorResponse } from "../errors";
import { loadSlackApp, TENANT_ID } from "./slack-app";

function redirectUri(requestUrl: string): string {
  return `${new URL(requestUrl).origin}/slack/oauth/callback`;
}

async function checkedState(env: Env, state: string | undefined) {
  const tenantId = state ? installStateTenant(state) : null;
  if (!state || !tenantId || !TENANT_ID.test(tenantId))
    return { ok: false as const, reason: "state is missing or malformed" };
  const app = await loadSlackApp(env, tenantId);
  if (!app) return { ok: false as const, reason: "this tenant has no Slack app configured" };
  const verdict = await verifyInstallState(state, app.secrets.clientSecret, Date.now());
  return verdict.ok ? { ok: true as const, app } : { ok: false as const, reason: verdict.reason };
}

export const slackInstall = new Hono<{ Bindings: Env }>()
  .get("/install", async (c) => {
    const state = c.req.query("state");
    const check = await checkedState(c.env, state);
    if (!check.ok) return errorResponse(c, 400, `install link rejected: ${check.reason}`, "state");
    const clientId = check.app.config.slackClientId;
    if (!clientId)
      return errorResponse(c, 409, "the Slack channel has no client id configured", "slackClientId");
    return c.redirect(authorizeUrl({ clientId, redirectUri: redirectUri(c.req.url), state: state! }), 302);
  })
  .get("/oauth/callback", async (c) => {
    const denied = c.req.query("error");
    if (denied) return errorResponse(c, 400, `Slack did not install the app: ${denied}`, "error");
    const code = c.req.query("code");
    if (!code) return errorResponse(c, 400, "code is missing", "code");
    const check = await checkedState(c.env, c.req.query("state"));
    if (!check.ok) return errorResponse(c, 400, `install rejected: ${check.reason}`, "state");
    const { app } = check;
    const tenantId = app.channel.tenantId;
    const config = ChannelConfigSchema.parse(app.channel.config);
    let access: Awaited<ReturnType<typeof exchangeOAuthCode>>;
    try {
      access = await exchangeOAuthCode({
        apiBase: config.apiBase ?? SLACK_API_BASE,
        clientId: config.slackClientId ?? "",
        clientSecret: app.secrets.clientSecret,
        code,
        redirectUri: redirectUri(c.req.url),
      });
    } catch (error) {
      const reason =
        error instanceof SlackApiError ? (error.slackError ?? error.message) : "unexpected answer from Slack";
      log("warn", "slack.install_failed", { tenant: tenantId, reason });
      return errorResponse(c, 502, `Slack refused the install: ${reason}`);
    }
    await saveSlackInstallation(database(c.env.DB), {
      tenantId,
      teamId: access.team.id,
      teamName: access.team.name,
      channelId: app.channel.id,
      botUserId: access.bot_user_id,
      appId: access.app_id,
      scopes: access.scope,
      botTokenSealed: await seal(access.access_token, tenantId, c.env.CAIRN_ENCRYPTION_KEY),
      installedBy: access.authed_user.id,
      installedAt: Date.now(),
    });
    log("info", "slack.installed", { tenant: tenantId, team: access.team.id });
    return c.html(
      `<!doctype html><title>Cairn installed</title><p>Cairn is installed in the Slack workspace ${escapeHtml(access.team.name)}. You can close this page.</p>`,
    );
  });

function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}
