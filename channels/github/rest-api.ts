/**
 * Cairn's answers as GitHub comments, through the REST API: create
 * (POST /repos/{owner}/{repo}/issues/{number}/comments) and edit
 * (PATCH /repos/{owner}/{repo}/issues/comments/{id}), with the channel's token. Errors carry what
 * the outbound queue needs: a secondary rate limit's `retry-after`, or a primary limit's reset
 * time (`x-ratelimit-remaining: 0`), is a wait; 5xx and network errors back off; 404/410 mean the
 * issue or repository is gone; anything else fails for good.
 */
import type { OutboundPayload } from "../message";
import { ChannelSendError } from "../send-error";
import { parseGithubConversation } from "./normalize";

export const GITHUB_API_BASE = "https://api.github.com";
/** GitHub refuses a comment body over 65,536 characters; longer answers are split. */
export const GITHUB_COMMENT_LIMIT = 65_000;

export class GithubApiError extends ChannelSendError {
  override name = "GithubApiError";
}

export interface GithubApiTarget {
  apiBase: string;
  token: string;
  now(): number;
  fetch?: typeof fetch;
}

/**
 * Comment text: GitHub renders Markdown, which suits an agent's answers, but an `@login` in it
 * would notify that person; a mention is shown in code so nobody is paged by the agent.
 */
export function githubCommentBody(text: string): string {
  return text.replace(/(^|[^A-Za-z0-9_`])@([A-Za-z0-9][A-Za-z0-9-]{0,38})/g, "$1`@$2`");
}

function rateLimitWait(response: Response, nowMs: number): number | undefined {
  const retryAfter = Number(response.headers.get("retry-after"));
  if (Number.isFinite(retryAfter) && retryAfter > 0) return retryAfter;
  if (response.headers.get("x-ratelimit-remaining") === "0") {
    const reset = Number(response.headers.get("x-ratelimit-reset"));
    if (Number.isFinite(reset) && reset > 0) return Math.max(1, Math.ceil(reset - nowMs / 1000));
  }
  return undefined;
}

async function call(target: GithubApiTarget, method: string, path: string, body: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await (target.fetch ?? fetch)(`${target.apiBase}${path}`, {
      method,
      headers: {
        accept: "application/vnd.github+json",
        authorization: `Bearer ${target.token}`,
        "content-type": "application/json",
        "user-agent": "cairn",
        "x-github-api-version": "2022-11-28",
      },
      body: JSON.stringify(body),
    });
  } catch (error) {
    throw new GithubApiError(`network error calling ${method} ${path}: ${String(error)}`, 599, undefined);
  }
  const json: unknown = await response.json().catch(() => null);
  if (response.ok) return json;
  const message = (json as { message?: unknown } | null)?.message;
  const detail = `${method} ${path} answered ${response.status}: ${typeof message === "string" ? message : "no message"}`;
  const wait =
    response.status === 403 || response.status === 429 ? rateLimitWait(response, target.now()) : undefined;
  // A 403 with a wait is a rate limit (GitHub answers limits with 403 or 429); a 403 without one is a refusal.
  if (wait !== undefined || response.status === 429) throw new GithubApiError(detail, 429, wait ?? 60);
  throw new GithubApiError(detail, response.status, undefined);
}

/** Posts or edits one comment; returns the comment's id. */
export async function sendGithubPayload(
  target: GithubApiTarget,
  payload: OutboundPayload,
): Promise<string | undefined> {
  // GitHub has no buttons, so nothing asks for a press to be answered.
  if (payload.type === "callback_answer") return undefined;
  const conversation = parseGithubConversation(payload.conversationId);
  if (!conversation)
    throw new GithubApiError(`not a GitHub issue: ${payload.conversationId.slice(0, 100)}`, 400, undefined);
  const body = { body: githubCommentBody(payload.text.slice(0, GITHUB_COMMENT_LIMIT)) };
  if (payload.type === "edit_message") {
    await call(
      target,
      "PATCH",
      `/repos/${conversation.repo}/issues/comments/${payload.platformMessageId}`,
      body,
    );
    return payload.platformMessageId;
  }
  const created = await call(
    target,
    "POST",
    `/repos/${conversation.repo}/issues/${conversation.number}/comments`,
    body,
  );
  const id = (created as { id?: unknown } | null)?.id;
  return typeof id === "number" ? String(id) : undefined;
}
