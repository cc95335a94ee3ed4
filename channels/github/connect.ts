/**
 * PUT /api/channels/github: connect a GitHub account (a user or a GitHub App's installation
 * token) whose issue and pull-request comments are conversations. The webhook secret and the
 * token are sealed together; only the secret's SHA-256 sits beside them. Reconnecting keeps the
 * approvers already set unless the request names new ones.
 */
import { z } from "zod";
import type { ChannelConnector } from "../adapter";
import { GITHUB_API_BASE } from "./rest-api";

const Login = z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/, "a GitHub login");

/** Settings only GitHub channels have (accepted by PATCH /api/channels/:id). */
export const GithubSettingsSchema = z.object({
  /** The login Cairn comments as: its own comments are never answered, and `@login` addresses it. */
  botLogin: Login,
  /** A GitHub App's id, when the token is an app's: comments `performed_via_github_app` by it are Cairn's. */
  appId: z.number().int().positive().optional(),
});

const GithubBody = z
  .object({
    agentId: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/),
    webhookSecret: z.string().min(16).max(256),
    token: z.string().regex(/^[A-Za-z0-9_]{20,255}$/, "a GitHub token (ghp_…, github_pat_…, ghs_…)"),
    botLogin: Login,
    appId: z.number().int().positive().optional(),
    apiBase: z.url().optional(),
    /** GitHub logins allowed to approve proposals. */
    approvers: z
      .array(z.string().regex(/^[A-Za-z0-9-]{1,39}$/, "a GitHub login"))
      .max(100)
      .optional(),
  })
  .strict();

export const githubConnector: ChannelConnector<z.infer<typeof GithubBody>> = {
  body: GithubBody,
  async connect(body, existing, { origin, ports }) {
    const previous = existing?.config;
    const { agentId, webhookSecret, token, botLogin, appId, apiBase, approvers } = body;
    return {
      agentId,
      webhookSecret,
      credentials: JSON.stringify({ webhookSecret, token }),
      config: {
        ...(previous ?? {}),
        apiBase: apiBase ?? previous?.apiBase ?? GITHUB_API_BASE,
        approvers: approvers ?? previous?.approvers ?? [],
        botLogin,
        ...(appId ? { appId } : {}),
      },
      answer: {
        webhookUrl: `${origin}/webhooks/github/${ports.tenantId}`,
        webhook: { contentType: "application/json", events: ["issue_comment"] },
      },
    };
  },
};
