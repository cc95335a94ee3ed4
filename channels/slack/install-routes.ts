/**
 * GET /slack/install?state=… and GET /slack/oauth/callback: the OAuth v2 install. The state is
 * a signed, short-lived link from the admin API (POST /api/channels/slack/install-link), so a
 * stranger cannot bind their workspace to a tenant. The bot token is sealed before it is stored.
 */
import { Hono } from "hono";
import { log } from "../../kernel/log";
import { TENANT_ID_PATTERN } from "../../kernel/tenant-id";
import type { ChannelHttpDeps } from "../adapter";
import { SlackSettingsSchema, slackAppSecrets } from "./app-secrets";
import { authorizeUrl, installStateTenant, verifyInstallState } from "./oauth";
import { exchangeOAuthCode, SLACK_API_BASE, SlackApiError } from "./web-api";

function redirectUri(requestUrl: string): string {
  return `${new URL(requestUrl).origin}/slack/oauth/callback`;
}

const fail = (error: string, field?: string) => (field ? { error, field } : { error });

export function slackInstallRoutes(deps: ChannelHttpDeps) {
  async function checkedState(env: Env, state: string | undefined) {
    const tenantId = state ? installStateTenant(state) : null;
    if (!state || !tenantId || !TENANT_ID_PATTERN.test(tenantId))
      return { ok: false as const, reason: "state is missing or malformed" };
    const channel = await deps.channel(env, tenantId);
    if (!channel) return { ok: false as const, reason: "this tenant has no Slack app configured" };
    const ports = deps.ports(env, tenantId);
    const secrets = await slackAppSecrets(channel, ports);
    const verdict = await verifyInstallState(state, secrets.clientSecret, ports.now());
    return verdict.ok
      ? { ok: true as const, channel, secrets, ports }
      : { ok: false as const, reason: verdict.reason };
  }

  return new Hono<{ Bindings: Env }>()
    .get("/install", async (c) => {
      const state = c.req.query("state");
      const check = await checkedState(c.env, state);
      if (!check.ok) return c.json(fail(`install link rejected: ${check.reason}`, "state"), 400);
      const { slackClientId } = SlackSettingsSchema.parse(check.channel.config);
      if (!slackClientId)
        return c.json(fail("the Slack channel has no client id configured", "slackClientId"), 409);
      return c.redirect(
        authorizeUrl({ clientId: slackClientId, redirectUri: redirectUri(c.req.url), state: state! }),
        302,
      );
    })
    .get("/oauth/callback", async (c) => {
      const denied = c.req.query("error");
      if (denied) return c.json(fail(`Slack did not install the app: ${denied}`, "error"), 400);
      const code = c.req.query("code");
      if (!code) return c.json(fail("code is missing", "code"), 400);
      const check = await checkedState(c.env, c.req.query("state"));
      if (!check.ok) return c.json(fail(`install rejected: ${check.reason}`, "state"), 400);
      const { channel, secrets, ports } = check;
      const { slackClientId } = SlackSettingsSchema.parse(channel.config);
      let access: Awaited<ReturnType<typeof exchangeOAuthCode>>;
      try {
        access = await exchangeOAuthCode({
          apiBase: channel.config.apiBase ?? SLACK_API_BASE,
          clientId: slackClientId ?? "",
          clientSecret: secrets.clientSecret,
          code,
          redirectUri: redirectUri(c.req.url),
        });
      } catch (error) {
        const reason =
          error instanceof SlackApiError
            ? (error.slackError ?? error.message)
            : "unexpected answer from Slack";
        log("warn", "slack.install_failed", { tenant: channel.tenantId, reason });
        return c.json(fail(`Slack refused the install: ${reason}`), 502);
      }
      await ports.saveInstallation({
        workspaceId: access.team.id,
        workspaceName: access.team.name,
        channelId: channel.id,
        botUserId: access.bot_user_id,
        appId: access.app_id,
        scopes: access.scope,
        tokenSealed: await ports.sealSecret(access.access_token),
        installedBy: access.authed_user.id,
        installedAt: ports.now(),
      });
      log("info", "slack.installed", { tenant: channel.tenantId, team: access.team.id });
      return c.html(
        `<!doctype html><title>Cairn installed</title><p>Cairn is installed in the Slack workspace ${escapeHtml(access.team.name)}. You can close this page.</p>`,
      );
    });
}

function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}
