/**
 * A fake LINE Messaging API at the HTTP boundary (MSW), answering as the API reference documents:
 * it checks the channel access token, the JSON body of push and reply (recipient, one to five
 * message objects, text and Flex limits, postback labels and data), the X-Line-Retry-Key's UUID
 * form, answers a retry key it has accepted before with 409, a reply token used twice with 400,
 * and can be told to fail the next pushes with a 429 or a 5xx.
 */
import { HttpResponse, http } from "msw";
import { setupFetchNetwork } from "./msw-network";

export const LINE_API = "https://api.line.me";

export interface PushedMessage {
  to: string;
  message: Record<string, unknown>;
  /** The id LINE gave the message. */
  id: string;
  retryKey: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const RECIPIENT = /^[UCR][0-9a-f]{32}$/;

const badRequest = (message: string, property: string) =>
  HttpResponse.json(
    { message: "The request body has 1 error(s)", details: [{ message, property }] },
    { status: 400 },
  );

/** The first problem with a message object, or null (Messaging API reference, "Message objects"). */
function messageError(message: Record<string, unknown>, at: string): Response | null {
  if (message.type === "text") {
    const text = message.text;
    if (typeof text !== "string" || text.length < 1 || text.length > 5000)
      return badRequest("Length must be between 1 and 5000", `${at}.text`);
    return null;
  }
  if (message.type === "flex") {
    const alt = message.altText;
    if (typeof alt !== "string" || alt.length < 1 || alt.length > 400)
      return badRequest("Length must be between 1 and 400", `${at}.altText`);
    const contents = message.contents as { type?: string; footer?: unknown } | undefined;
    if (contents?.type !== "bubble" && contents?.type !== "carousel")
      return badRequest("must be specified", `${at}.contents.type`);
    for (const action of actionsOf(message)) {
      if (action.type !== "postback") continue;
      if (typeof action.label !== "string" || action.label.length < 1 || action.label.length > 20)
        return badRequest("Length must be between 1 and 20", `${at}.contents.footer...action.label`);
      if (typeof action.data !== "string" || action.data.length < 1 || action.data.length > 300)
        return badRequest("Length must be between 1 and 300", `${at}.contents.footer...action.data`);
    }
    return null;
  }
  return badRequest("Unsupported message type", `${at}.type`);
}

/** Every action in a Flex bubble's footer, in order. */
export function actionsOf(message: Record<string, unknown>): Array<Record<string, unknown>> {
  const walk = (node: unknown): Array<Record<string, unknown>> => {
    if (!node || typeof node !== "object") return [];
    const box = node as { contents?: unknown[]; action?: Record<string, unknown> };
    return [...(box.action ? [box.action] : []), ...(box.contents ?? []).flatMap(walk)];
  };
  return walk((message.contents as { footer?: unknown } | undefined)?.footer);
}

export function createFakeLine(token: string) {
  const pushed: PushedMessage[] = [];
  const replies: Array<{ replyToken: string; text: string }> = [];
  const acceptedKeys = new Set<string>();
  /** The retry key of every valid push attempt, by recipient, refused and failed ones included. */
  const attemptKeys = new Map<string, Array<string | null>>();
  const usedReplyTokens = new Set<string>();
  /** `afterAccepting`: the push is accepted (as if sent) but the answer is lost to a 5xx. */
  const failures = new Map<string, Array<{ status: number; message: string; afterAccepting?: boolean }>>();
  const queueFailure = (to: string, failure: { status: number; message: string; afterAccepting?: boolean }) =>
    failures.set(to, [...(failures.get(to) ?? []), failure]);
  let pushAttempts = 0;
  let nextId = 500_000_000_000_000_000n;

  const authorized = (request: { headers: Headers }) =>
    request.headers.get("authorization") === `Bearer ${token}`;
  const unauthorized = () =>
    HttpResponse.json(
      { message: "Authentication failed due to the following reason: invalid token." },
      { status: 401 },
    );

  const push = http.post(`${LINE_API}/v2/bot/message/push`, async ({ request }) => {
    if (!authorized(request)) return unauthorized();
    pushAttempts++;
    if (!request.headers.get("content-type")?.startsWith("application/json"))
      return HttpResponse.json({ message: "Unsupported Media Type" }, { status: 415 });
    const retryKey = request.headers.get("x-line-retry-key");
    if (retryKey !== null && !UUID.test(retryKey))
      return HttpResponse.json(
        { message: "The value for the 'X-Line-Retry-Key' header is invalid" },
        { status: 400 },
      );
    const body = (await request.json()) as { to?: unknown; messages?: unknown };
    if (typeof body.to !== "string" || !RECIPIENT.test(body.to)) return badRequest("Invalid recipient", "to");
    if (!Array.isArray(body.messages) || body.messages.length < 1 || body.messages.length > 5)
      return badRequest("Size must be between 1 and 5", "messages");
    for (const [i, message] of (body.messages as Array<Record<string, unknown>>).entries()) {
      const error = messageError(message, `messages[${i}]`);
      if (error) return error;
    }
    attemptKeys.set(body.to, [...(attemptKeys.get(body.to) ?? []), retryKey]);
    if (retryKey && acceptedKeys.has(retryKey))
      return HttpResponse.json(
        { message: "The retry key is already accepted" },
        { status: 409, headers: { "x-line-accepted-request-id": `req-${retryKey}` } },
      );
    const failure = failures.get(body.to)?.shift();
    if (failure && !failure.afterAccepting)
      return HttpResponse.json({ message: failure.message }, { status: failure.status });
    if (retryKey) acceptedKeys.add(retryKey);
    const sentMessages = (body.messages as Array<Record<string, unknown>>).map((message) => {
      const id = String(nextId++);
      pushed.push({ to: body.to as string, message, id, retryKey });
      return { id, quoteToken: `q-${id}` };
    });
    if (failure) return HttpResponse.json({ message: failure.message }, { status: failure.status });
    return HttpResponse.json({ sentMessages }, { headers: { "x-line-request-id": `req-${pushAttempts}` } });
  });

  const reply = http.post(`${LINE_API}/v2/bot/message/reply`, async ({ request }) => {
    if (!authorized(request)) return unauthorized();
    const body = (await request.json()) as {
      replyToken?: unknown;
      messages?: Array<Record<string, unknown>>;
    };
    if (typeof body.replyToken !== "string" || usedReplyTokens.has(body.replyToken))
      return HttpResponse.json({ message: "Invalid reply token" }, { status: 400 });
    const error = messageError(body.messages?.[0] ?? {}, "messages[0]");
    if (error) return error;
    usedReplyTokens.add(body.replyToken);
    replies.push({ replyToken: body.replyToken, text: String(body.messages?.[0]?.text ?? "") });
    const id = String(nextId++);
    return HttpResponse.json({ sentMessages: [{ id, quoteToken: `q-${id}` }] });
  });

  return {
    server: setupFetchNetwork(push, reply),
    pushed: () => pushed,
    replies: () => replies,
    pushAttempts: () => pushAttempts,
    retryKeysTo: (to: string) => attemptKeys.get(to) ?? [],
    /** Fails the next push to `to` that would be accepted (a valid, new one) with `status`. */
    failNextTo(
      to: string,
      status: number,
      message = status === 429 ? "Too Many Requests" : "Internal Server Error",
    ) {
      queueFailure(to, { status, message });
    },
    /** Accepts the next valid push to `to`, then answers it with `status`, as when the answer is lost. */
    acceptThenFailTo(to: string, status = 500) {
      queueFailure(to, { status, message: "Internal Server Error", afterAccepting: true });
    },
  };
}
