/**
 * GitHub: issue and pull-request comments as conversations. Webhooks are signed with the hook's
 * secret (X-Hub-Signature-256); each issue is one thread; Cairn answers with comments through the
 * REST API and never answers a bot or itself. GitHub has no buttons: approvals are comments
 * (`approve prop_…`).
 */
import { INTERNAL_SOURCE } from "../../kernel/context/threads";
import type { ChannelAdapter } from "../adapter";
import { GithubSettingsSchema, githubConnector } from "./connect";
import { normalizeQueuedGithubComment } from "./normalize";
import { GITHUB_PACING } from "./pacing";
import { githubRoute } from "./route";
import { GITHUB_SETUP_USAGE, runGithubSetup } from "./setup";
import { githubWebhookEndpoint } from "./webhook";

export const githubAdapter: ChannelAdapter = {
  platform: "github",
  displayName: "GitHub",
  webhooks: { "": githubWebhookEndpoint },
  // The hook is created with content_type json; a form-encoded hook is refused with 415.
  webhookMediaTypes: { "": ["application/json"] },
  normalize: normalizeQueuedGithubComment,
  // One thread per issue or pull request: every comment continues the issue's key.
  threadKeys: (inbound) => {
    if (!inbound.platformMessageId) return INTERNAL_SOURCE;
    const issue = `github:${inbound.conversationId}`;
    return {
      own: `${issue}:comment:${inbound.platformMessageId}`,
      continues: [issue],
      alsoRegister: [issue],
    };
  },
  async botIdentity(channel) {
    const settings = GithubSettingsSchema.safeParse(channel.config);
    return settings.success
      ? { ids: [settings.data.botLogin], usernames: [`@${settings.data.botLogin.toLowerCase()}`] }
      : { ids: [], usernames: [] };
  },
  route: githubRoute,
  // GitHub does not redeliver a failed delivery by itself: a sender's flood is acknowledged and
  // dropped; a tenant over its budget gets 429, which GitHub lists as a failed delivery that can
  // be redelivered from the hook's page or its API once the budget allows.
  ingressAnswer: (scope) => (scope === "sender" ? "acknowledge" : "retry-later"),
  pacingDefaults: GITHUB_PACING,
  // Reactions on comments reach no webhook Cairn subscribes to.
  reactionDecision: () => undefined,
  approvals: "text",
  settings: GithubSettingsSchema.partial(),
  connector: githubConnector,
  setup: { usage: GITHUB_SETUP_USAGE, run: runGithubSetup },
};
