/**
 * PUT /api/channels/slack configures the tenant's Slack app (its secrets sealed together);
 * POST /api/channels/slack/install-link signs a short-lived link to the OAuth v2 install.
 */
import { z } from "zod";
import { randomSecret } from "../../kernel/ids";
import type { ChannelAction, ChannelConnector } from "../adapter";
import { SenderIdSchema } from "../sender-id";
import { slackAppSecrets } from "./app-secrets";
import { INSTALL_STATE_TTL_MS, signInstallState } from "./oauth";
import { SLACK_API_BASE } from "./web-api";

const SlackAppBody = z
  .object({
    agentId: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/),
    signingSecret: z.string().min(16).max(200),
    clientId: z.string().min(1).max(100),
    clientSecret: z.string().min(16).max(200),
    apiBase: z.url().optional(),
    approvers: z.array(SenderIdSchema).max(100).default([]),
  })
  .strict();

export const slackConnector: ChannelConnector<z.infer<typeof SlackAppBody>> = {
  body: SlackAppBody,
  async connect(body, _existing, { origin, ports }) {
    const { signingSecret, clientSecret, clientId, apiBase, approvers, agentId } = body;
    const tenantId = ports.tenantId;
    return {
      agentId,
      webhookSecret: signingSecret,
      credentials: JSON.stringify({ signingSecret, clientSecret }),
      config: { apiBase: apiBase ?? SLACK_API_BASE, approvers, slackClientId: clientId },
      answer: {
        requestUrls: {
          events: `${origin}/webhooks/slack/${tenantId}/events`,
          commands: `${origin}/webhooks/slack/${tenantId}/commands`,
          interactivity: `${origin}/webhooks/slack/${tenantId}/interactivity`,
          oauthRedirect: `${origin}/slack/oauth/callback`,
        },
      },
    };
  },
};

export const slackInstallLink: ChannelAction = async (channel, { origin, ports }) => {
  if (!channel)
    return { status: 409, body: { error: "configure the Slack app first (PUT /api/channels/slack)" } };
  const secrets = await slackAppSecrets(channel, ports);
  const expiresAt = ports.now() + INSTALL_STATE_TTL_MS;
  const state = await signInstallState(ports.tenantId, expiresAt, randomSecret(12), secrets.clientSecret);
  const url = new URL("/slack/install", origin);
  url.searchParams.set("state", state);
  return { status: 200, body: { url: url.toString(), expiresAt } };
};
