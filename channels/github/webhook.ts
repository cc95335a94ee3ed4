/**
 * GitHub's webhook: the signature over the raw payload first, then the event named by
 * `X-GitHub-Event`. `ping` (sent when the hook is created) is answered 200. An `issue_comment`
 * that was created by a person is queued; its edits and deletions, comments by bots and by Cairn's
 * own account (its answers, which would otherwise answer themselves), other events, and payloads
 * out of shape are acknowledged with 200 and logged, so GitHub records a success and nothing loops.
 */
import { parseBoundedJson } from "../../kernel/request-limits";
import type { WebhookEndpoint, WebhookOutcome } from "../adapter";
import { issueOf } from "../issues";
import { GithubSettingsSchema } from "./connect";
import { githubCredentials } from "./credentials";
import { IssueCommentEventSchema } from "./payloads";
import {
  GITHUB_DELIVERY_HEADER,
  GITHUB_EVENT_HEADER,
  GITHUB_SIGNATURE_HEADER,
  verifyGithubSignature,
} from "./signature";

/** An unknown tenant is checked against a throwaway secret, so it costs the same time and fails. */
const NO_SUCH_TENANT_SECRET = "no-such-tenant-no-such-tenant";

/** GitHub keeps a delivery for redelivery for three days; a copy of one is not queued again. */
export const GITHUB_REPLAY_WINDOW_MS = 3 * 24 * 60 * 60 * 1000;

const ignored = (reason: string, logged?: Record<string, unknown>): WebhookOutcome => ({
  kind: "ignored",
  reason,
  reply: { json: { ok: true, ignored: reason } },
  ...(logged ? { logged } : {}),
});

export const githubWebhookEndpoint: WebhookEndpoint = async (request, context) => {
  const channel = await context.channel();
  const secret = channel
    ? (await githubCredentials(channel, context.ports)).webhookSecret
    : NO_SUCH_TENANT_SECRET;
  const check = await verifyGithubSignature({
    secret,
    signature: request.headers.get(GITHUB_SIGNATURE_HEADER),
    rawBody: request.rawBody,
  });
  if (!check.ok)
    return {
      kind: "rejected",
      status: check.missing ? 401 : 403,
      message: `GitHub signature rejected: ${check.reason}`,
    };
  if (!channel)
    return { kind: "rejected", status: 403, message: "GitHub signature rejected: no GitHub channel" };

  const event = request.headers.get(GITHUB_EVENT_HEADER) ?? "";
  const delivery = request.headers.get(GITHUB_DELIVERY_HEADER) ?? undefined;
  // Not `event`: that is the log line's own name.
  const logged = { github_event: event, ...(delivery ? { delivery } : {}) };
  if (event === "ping") return { kind: "accepted", events: [], reply: { json: { ok: true } } };
  if (event !== "issue_comment") return ignored(`event ${event.slice(0, 50) || "(none)"}`, logged);
  const json = parseBoundedJson(request.rawBody);
  if (!json.ok) return ignored(json.message, logged);
  const action = (json.value as { action?: unknown } | null)?.action;
  if (action !== "created") return ignored(`issue_comment ${String(action).slice(0, 30)}`, logged);
  const payload = IssueCommentEventSchema.safeParse(json.value);
  if (!payload.success) return ignored(`invalid issue_comment: ${issueOf(payload.error)}`, logged);

  const { comment } = payload.data;
  const { botLogin, appId } = GithubSettingsSchema.catch({ botLogin: "" }).parse(channel.config);
  if (comment.user.type === "Bot" || comment.user.login.endsWith("[bot]"))
    return ignored(`a comment by the bot ${comment.user.login}`, logged);
  if (
    comment.user.login.toLowerCase() === botLogin.toLowerCase() ||
    (appId !== undefined && comment.performed_via_github_app?.id === appId)
  )
    return ignored("Cairn's own comment", logged);
  return {
    kind: "accepted",
    events: [{ kind: "github.comment", payload: payload.data }],
    reply: { json: { ok: true } },
    logged: { ...logged, comment: comment.id },
    ingress: {
      sender: comment.user.login,
      ...(delivery
        ? { replay: { key: `delivery:${delivery}`, until: request.now + GITHUB_REPLAY_WINDOW_MS } }
        : {}),
    },
  };
};
