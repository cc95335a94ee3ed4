/**
 * A fake Slack at the HTTP boundary (MSW): the Web API methods Cairn calls (chat.postMessage,
 * chat.update, oauth.v2.access) and interaction response_urls. It checks every request the way
 * Slack does — bearer token of an installed workspace, JSON body, required fields, size limits —
 * answers with Slack's documented shapes, and can be told to fail the next calls with a 429
 * (Retry-After header) or a 5xx.
 */
import { HttpResponse, http } from "msw";
import { setupFetchNetwork } from "./msw-network";

export const SLACK_API = "https://slack.com/api";

/**
 * The response_urls Slack has handed out in interaction and slash-command payloads
 * (channels-slack-payloads.ts registers each one it builds), with how often each was used: a
 * response_url is valid only as issued, and for at most five answers (Slack, "Handling user
 * interaction").
 */
export const issuedResponseUrls = new Map<string, number>();
export const RESPONSE_URL_MAX_USES = 5;

export function issueResponseUrl(url: string): string {
  if (!issuedResponseUrls.has(url)) issuedResponseUrls.set(url, 0);
  return url;
}

export interface SlackCall {
  method: string;
  token: string | null;
  body: Record<string, unknown>;
  /** When the call arrived (ms), for tests of pacing. */
  at?: number;
  /** The message ts Slack answered with (chat.postMessage, chat.update). */
  ts?: string;
}

export function createFakeSlack(options: {
  /** bot token → workspace, as oauth.v2.access would have issued them. */
  tokens: Record<string, string>;
  oauth?: { clientId: string; clientSecret: string; code: string; grant: Record<string, unknown> };
}) {
  const calls: SlackCall[] = [];
  const failures: Array<{ status: number; retryAfter?: number }> = [];
  let clock = 1764000000;

  const nextTs = () => `${clock++}.000100`;
  const slackError = (error: string) => HttpResponse.json({ ok: false, error });
  const failure = () => {
    const next = failures.shift();
    if (!next) return null;
    return next.status === 429
      ? new HttpResponse(null, { status: 429, headers: { "Retry-After": String(next.retryAfter ?? 1) } })
      : new HttpResponse("upstream error", { status: next.status });
  };

  /** Every Web API request, refused and failed ones included, with its arrival time and status. */
  const received: Array<{ method: string; at: number; status: number }> = [];
  const chat = http.post(`${SLACK_API}/:method`, async ({ request, params }) => {
    const response = await answerChat(request, String(params.method));
    received.push({ method: String(params.method), at: Date.now(), status: response.status });
    return response;
  });

  async function answerChat(
    request: { headers: Headers; text(): Promise<string>; json(): Promise<unknown> },
    method: string,
  ): Promise<Response> {
    if (method === "oauth.v2.access") {
      if (request.headers.get("content-type") !== "application/x-www-form-urlencoded")
        return slackError("invalid_form_data");
      const form = new URLSearchParams(await request.text());
      const oauth = options.oauth;
      if (!oauth || form.get("client_id") !== oauth.clientId) return slackError("invalid_client_id");
      if (form.get("client_secret") !== oauth.clientSecret) return slackError("bad_client_secret");
      if (form.get("code") !== oauth.code) return slackError("invalid_code");
      if (!form.get("redirect_uri")) return slackError("bad_redirect_uri");
      calls.push({ method, token: null, body: Object.fromEntries(form) });
      return HttpResponse.json({ ok: true, ...oauth.grant });
    }
    const auth = request.headers.get("authorization");
    const token = auth?.startsWith("Bearer ") ? auth.slice(7) : null;
    if (!token) return slackError("not_authed");
    if (!options.tokens[token]) return slackError("invalid_auth");
    if (!request.headers.get("content-type")?.startsWith("application/json"))
      return slackError("invalid_arguments");
    const body = (await request.json()) as Record<string, unknown>;
    const failed = failure();
    if (failed) return failed;
    if (method !== "chat.postMessage" && method !== "chat.update") return slackError("unknown_method");
    if (typeof body.channel !== "string" || body.channel === "") return slackError("channel_not_found");
    if ((typeof body.text !== "string" || body.text === "") && !Array.isArray(body.blocks))
      return slackError("no_text");
    if (typeof body.text === "string" && body.text.length > 40_000) return slackError("msg_too_long");
    if (Array.isArray(body.blocks)) {
      for (const block of body.blocks as Array<{ type: string; text?: { text: string } }>) {
        if (block.type === "section" && (block.text?.text.length ?? 0) > 3000)
          return slackError("invalid_blocks");
      }
    }
    if (method === "chat.update" && typeof body.ts !== "string") return slackError("message_not_found");
    const ts = method === "chat.update" ? (body.ts as string) : nextTs();
    calls.push({ method, token, body, at: Date.now(), ts });
    return HttpResponse.json({ ok: true, channel: body.channel, ts, message: { text: body.text, ts } });
  }

  const responseUrl = http.post("https://hooks.slack.com/:kind/:team/:id/:secret", async ({ request }) => {
    const uses = issuedResponseUrls.get(request.url);
    if (uses === undefined) return new HttpResponse("invalid_token", { status: 404 });
    if (uses >= RESPONSE_URL_MAX_USES) return new HttpResponse("used_url", { status: 404 });
    if (!request.headers.get("content-type")?.startsWith("application/json"))
      return new HttpResponse("invalid_payload", { status: 400 });
    const failed = failure();
    if (failed) return failed;
    const body = (await request.json()) as Record<string, unknown>;
    if (typeof body.text !== "string" || body.text === "")
      return new HttpResponse("no_text", { status: 400 });
    issuedResponseUrls.set(request.url, uses + 1);
    calls.push({ method: "response_url", token: null, body: { ...body, url: request.url } });
    return new HttpResponse("ok", { status: 200 });
  });

  return {
    server: setupFetchNetwork(chat, responseUrl),
    handlers: [chat, responseUrl],
    calls,
    received,
    posted: () => calls.filter((c) => c.method === "chat.postMessage"),
    failNext(status: number, retryAfter?: number) {
      failures.push({ status, ...(retryAfter ? { retryAfter } : {}) });
    },
  };
}
