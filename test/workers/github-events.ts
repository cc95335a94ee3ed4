/**
 * GitHub webhook deliveries for tests: `issue_comment` payloads shaped as GitHub's "Webhook events
 * and payloads" documents them, with the headers GitHub sends, signed with the hook's secret.
 */
import { githubSignature } from "../../channels/github/signature";

export const GITHUB_REPO = "acme/widgets";
export const GITHUB_BOT = "cairn-bot";
export const GITHUB_APPROVER = "octocat";

export function issueComment(
  seq: number,
  body: string,
  options: {
    login?: string;
    type?: string;
    action?: string;
    issue?: number;
    pullRequest?: boolean;
    commentId?: number;
    viaApp?: number;
  } = {},
) {
  const login = options.login ?? GITHUB_APPROVER;
  const user = {
    login,
    id: 583231,
    node_id: "MDQ6VXNlcjU4MzIzMQ==",
    type: options.type ?? "User",
    site_admin: false,
  };
  const number = options.issue ?? 1;
  return {
    action: options.action ?? "created",
    issue: {
      url: `https://api.github.com/repos/${GITHUB_REPO}/issues/${number}`,
      number,
      title: "Widgets break on Mondays",
      user,
      state: "open",
      ...(options.pullRequest
        ? { pull_request: { url: `https://api.github.com/repos/${GITHUB_REPO}/pulls/${number}` } }
        : {}),
    },
    comment: {
      id: options.commentId ?? 1_500_000 + seq,
      node_id: `IC_kwDO${seq}`,
      html_url: `https://github.com/${GITHUB_REPO}/issues/${number}#issuecomment-${1_500_000 + seq}`,
      body,
      user,
      created_at: "2026-12-08T00:00:00Z",
      updated_at: "2026-12-08T00:00:00Z",
      author_association: "OWNER",
      performed_via_github_app: options.viaApp ? { id: options.viaApp, slug: "cairn" } : null,
    },
    repository: {
      id: 1296269,
      name: "widgets",
      full_name: GITHUB_REPO,
      private: false,
      owner: { login: "acme", id: 1, type: "Organization" },
    },
    sender: user,
  };
}

export async function githubDelivery(
  tenantId: string,
  payload: unknown,
  secret: string,
  options: { event?: string; delivery?: string; contentType?: string; raw?: string } = {},
) {
  const body = options.raw ?? JSON.stringify(payload);
  return new Request(`https://cairn.test/webhooks/github/${tenantId}`, {
    method: "POST",
    headers: {
      "content-type": options.contentType ?? "application/json",
      "user-agent": "GitHub-Hookshot/044aadd",
      "x-github-event": options.event ?? "issue_comment",
      "x-github-delivery": options.delivery ?? crypto.randomUUID(),
      "x-github-hook-id": "292430182",
      "x-hub-signature-256": await githubSignature(secret, body),
    },
    body,
  });
}
