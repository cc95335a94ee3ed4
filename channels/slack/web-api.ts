/**
 * A small client for the Slack Web API methods Cairn calls (chat.postMessage, chat.update,
 * oauth.v2.access) and for answering a button press through its response_url. Errors carry what
 * the outbound queue needs: a 429 with its Retry-After, 5xx and network errors retry; the rest fail.
 */
import { z } from "zod";
import type { Button, OutboundPayload } from "../message";
import { ChannelSendError } from "../send-error";
import { parseSlackConversationId } from "./normalize";

/** A section block's text is at most 3,000 characters; longer replies are split into several messages. */
export const SLACK_MESSAGE_LIMIT = 3000;
export const SLACK_API_BASE = "https://slack.com/api";

export class SlackApiError extends ChannelSendError {
  override name = "SlackApiError";
  constructor(
    message: string,
    status: number,
    retryAfterSeconds: number | undefined,
    readonly slackError?: string,
  ) {
    super(message, status, retryAfterSeconds);
  }
  override get retryable(): boolean {
    return super.retryable || this.slackError === "ratelimited";
  }
}

const ApiResponseSchema = z.object({ ok: z.boolean(), error: z.string().optional() }).loose();

export interface SlackApiTarget {
  apiBase: string;
  token: string;
  fetch?: typeof fetch;
}

function retryAfter(response: Response): number | undefined {
  const value = Number(response.headers.get("Retry-After"));
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

async function readSlackResponse(method: string, response: Response): Promise<Record<string, unknown>> {
  if (response.status === 429) {
    throw new SlackApiError(`${method} rate limited`, 429, retryAfter(response) ?? 1, "ratelimited");
  }
  if (response.status >= 500)
    throw new SlackApiError(`${method} answered ${response.status}`, response.status, undefined);
  const parsed = ApiResponseSchema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) {
    throw new SlackApiError(
      `${method} answered ${response.status} without a Web API body`,
      response.status,
      undefined,
    );
  }
  if (!parsed.data.ok) {
    const error = parsed.data.error ?? "unknown_error";
    // Slack answers most errors with 200 and ok:false; they are not worth retrying.
    throw new SlackApiError(`${method} failed: ${error}`, Math.max(response.status, 400), undefined, error);
  }
  return parsed.data;
}

export async function callSlackApi(
  target: SlackApiTarget,
  method: string,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const doFetch = target.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(`${target.apiBase}/${method}`, {
      method: "POST",
      headers: {
        "content-type": "application/json; charset=utf-8",
        authorization: `Bearer ${target.token}`,
      },
      body: JSON.stringify(body),
    });
  } catch (error) {
    throw new SlackApiError(`network error calling ${method}: ${String(error)}`, 599, undefined);
  }
  return readSlackResponse(method, response);
}

/** Slack reads `&`, `<` and `>` as markup in message text; escaping exactly these keeps agent text literal. */
export function escapeSlackText(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** Block Kit: the text as a plain_text section, then one actions block per button row. */
export function slackBlocks(text: string, buttons: Button[][] | undefined): unknown[] {
  const blocks: unknown[] = [{ type: "section", text: { type: "plain_text", text, emoji: false } }];
  (buttons ?? []).forEach((row, r) => {
    if (row.length === 0) return;
    blocks.push({
      type: "actions",
      block_id: `cairn_actions_${r}`,
      elements: row.map((button, i) => ({
        type: "button",
        action_id: `cairn_${r}_${i}`,
        text: { type: "plain_text", text: button.text.slice(0, 75) },
        value: button.data,
        ...(button.data.endsWith(":a")
          ? { style: "primary" }
          : button.data.endsWith(":r")
            ? { style: "danger" }
            : {}),
      })),
    });
  });
  return blocks;
}

const PostedSchema = z.object({ ts: z.string() }).loose();

/**
 * The response_url of an interaction must be Slack's own hooks host (or the origin of a local
 * stand-in configured as apiBase), so a forged payload cannot aim Cairn's requests elsewhere.
 */
export function isSlackResponseUrl(url: string, apiBase: string): boolean {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === "https:" && parsed.host === "hooks.slack.com") return true;
    return new URL(apiBase).origin === parsed.origin && !apiBase.startsWith("https://slack.com");
  } catch {
    return false;
  }
}

/** Sends one outbound payload to one workspace; returns the message ts when there is one. */
export async function sendSlackPayload(
  target: SlackApiTarget,
  payload: OutboundPayload,
): Promise<string | undefined> {
  if (payload.type === "callback_answer") {
    // Slack has no answerCallbackQuery: the answer is an ephemeral note through the response_url.
    if (!isSlackResponseUrl(payload.callbackId, target.apiBase)) {
      throw new SlackApiError(
        "callback answer has no Slack response_url",
        400,
        undefined,
        "invalid_response_url",
      );
    }
    const response = await (target.fetch ?? fetch)(payload.callbackId, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({
        response_type: "ephemeral",
        replace_original: false,
        text: escapeSlackText(payload.text),
      }),
    }).catch((error: unknown) => {
      throw new SlackApiError(`network error answering an interaction: ${String(error)}`, 599, undefined);
    });
    if (response.status === 429)
      throw new SlackApiError("response_url rate limited", 429, retryAfter(response) ?? 1);
    if (response.status >= 500)
      throw new SlackApiError(`response_url answered ${response.status}`, response.status, undefined);
    if (!response.ok)
      throw new SlackApiError(`response_url answered ${response.status}`, response.status, undefined);
    return undefined;
  }
  const { channel } = parseSlackConversationId(payload.conversationId);
  const text = payload.text.slice(0, SLACK_MESSAGE_LIMIT);
  const body: Record<string, unknown> = {
    channel,
    // `text` is the notification and accessibility fallback; the blocks are what people see.
    text: escapeSlackText(text),
    blocks: slackBlocks(text, payload.buttons),
    unfurl_links: false,
    unfurl_media: false,
  };
  if (payload.type === "edit_message") {
    body.ts = payload.platformMessageId;
    await callSlackApi(target, "chat.update", body);
    return payload.platformMessageId;
  }
  if (payload.threadKey) body.thread_ts = payload.threadKey;
  const posted = PostedSchema.parse(await callSlackApi(target, "chat.postMessage", body));
  return posted.ts;
}

const OAuthAccessSchema = z
  .object({
    ok: z.literal(true),
    access_token: z.string().startsWith("xoxb-"),
    token_type: z.literal("bot"),
    scope: z.string(),
    bot_user_id: z.string(),
    app_id: z.string(),
    team: z.object({ id: z.string(), name: z.string() }),
    authed_user: z.object({ id: z.string() }).loose(),
  })
  .loose();
export type OAuthAccess = z.infer<typeof OAuthAccessSchema>;

/** oauth.v2.access: exchanges the install code for the workspace's bot token (form-encoded, as documented). */
export async function exchangeOAuthCode(
  input: { apiBase: string; clientId: string; clientSecret: string; code: string; redirectUri: string },
  doFetch: typeof fetch = fetch,
): Promise<OAuthAccess> {
  const form = new URLSearchParams({
    client_id: input.clientId,
    client_secret: input.clientSecret,
    code: input.code,
    redirect_uri: input.redirectUri,
  });
  const response = await doFetch(`${input.apiBase}/oauth.v2.access`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form.toString(),
  });
  return OAuthAccessSchema.parse(await readSlackResponse("oauth.v2.access", response));
}
