/**
 * Slack's three request URLs (events, slash commands, interactivity): verify the signature over
 * the raw body before anything in it is believed, validate, queue, answer at once (Slack wants a
 * 2xx within 3 seconds). The ContextThread dedups retries (X-Slack-Retry-Num) by the event's ids.
 */
import type { z } from "zod";
import { parseBoundedJson } from "../../kernel/request-limits";
import type {
  WebhookContext,
  WebhookEndpoint,
  WebhookIngress,
  WebhookOutcome,
  WebhookRequest,
} from "../adapter";
import { slackAppSecrets } from "./app-secrets";
import { BlockActionsSchema, EventsRequestSchema, SlashCommandSchema } from "./payloads";
import {
  SLACK_MAX_SKEW_SECONDS,
  SLACK_SIGNATURE_HEADER,
  SLACK_TIMESTAMP_HEADER,
  verifySlackSignature,
} from "./signature";

/** An unknown tenant is checked against a throwaway secret, so it costs the same time and fails. */
async function rejectedSignature(
  request: WebhookRequest,
  context: WebhookContext,
): Promise<WebhookOutcome | null> {
  const channel = await context.channel();
  const secrets = channel ? await slackAppSecrets(channel, context.ports) : undefined;
  const check = await verifySlackSignature({
    signingSecret: secrets?.signingSecret ?? "no-such-tenant",
    timestamp: request.headers.get(SLACK_TIMESTAMP_HEADER) ?? undefined,
    signature: request.headers.get(SLACK_SIGNATURE_HEADER) ?? undefined,
    rawBody: request.rawBody,
    nowSeconds: Math.floor(request.now / 1000),
  });
  if (channel && check.ok) return null;
  const reason = check.ok ? "no slack channel" : check.reason;
  // The README's vocabulary: 401 for credentials missing or malformed, 403 for present but wrong
  // (a signature that does not match, a timestamp out of the window, a tenant with no Slack app).
  const missing = !check.ok && check.reason.startsWith("missing or malformed");
  return { kind: "rejected", status: missing ? 401 : 403, message: `Slack signature rejected: ${reason}` };
}

/**
 * For the gateway's replay cache, after the signature was verified: the signature is the request's
 * identity (it covers the timestamp and the body), remembered until the timestamp leaves the
 * five-minute window, after which verification refuses the request by itself. Slack's own retries
 * (X-Slack-Retry-Num) are signed afresh, so they are not replays; the ContextThread dedups them.
 */
function ingressOf(request: WebhookRequest, sender: string | undefined): WebhookIngress {
  const signature = request.headers.get(SLACK_SIGNATURE_HEADER) ?? "";
  const timestamp = Number(request.headers.get(SLACK_TIMESTAMP_HEADER));
  return {
    ...(sender ? { sender } : {}),
    replay: { key: `sig:${signature}`, until: (timestamp + SLACK_MAX_SKEW_SECONDS) * 1000 + 1000 },
  };
}

function parsed<T>(
  schema: z.ZodType<T>,
  value: unknown,
): { ok: true; data: T } | { ok: false; outcome: WebhookOutcome } {
  const result = schema.safeParse(value);
  return result.success
    ? { ok: true, data: result.data }
    : { ok: false, outcome: { kind: "invalid", issues: result.error.issues } };
}

/** `reason` is parseBoundedJson's ("body is not valid JSON", "body nests … deeper than …"). */
const notJson = (field: string, reason: string): WebhookOutcome => ({
  kind: "rejected",
  status: 400,
  message: field === "(body)" ? reason : reason.replace(/^body/, field),
  field,
});

const formFields = (raw: string): Record<string, string> => Object.fromEntries(new URLSearchParams(raw));

/** The user an event is from, where the event names one (messages, mentions, reactions). */
function eventUser(event: Record<string, unknown>): string | undefined {
  return typeof event.user === "string" && event.user !== "" ? event.user : undefined;
}

const events: WebhookEndpoint = async (request, context) => {
  const rejected = await rejectedSignature(request, context);
  if (rejected) return rejected;
  const json = parseBoundedJson(request.rawBody);
  if (!json.ok) return notJson("(body)", json.message);
  const body = parsed(EventsRequestSchema, json.value);
  if (!body.ok) return body.outcome;
  if (body.data.type === "url_verification")
    return { kind: "accepted", events: [], reply: { json: { challenge: body.data.challenge } } };
  return {
    kind: "accepted",
    events: [{ kind: "slack.event", envelope: body.data }],
    reply: { empty: true },
    logged: { event_id: body.data.event_id, retry: request.headers.get("X-Slack-Retry-Num") ?? undefined },
    ingress: ingressOf(request, eventUser(body.data.event)),
  };
};

const commands: WebhookEndpoint = async (request, context) => {
  const rejected = await rejectedSignature(request, context);
  if (rejected) return rejected;
  const command = parsed(SlashCommandSchema, formFields(request.rawBody));
  if (!command.ok) return command.outcome;
  // An empty 200 acknowledges without posting anything; the answer arrives as a message.
  return {
    kind: "accepted",
    events: [{ kind: "slack.command", command: command.data }],
    reply: { empty: true },
    ingress: ingressOf(request, command.data.user_id),
  };
};

const interactivity: WebhookEndpoint = async (request, context) => {
  const rejected = await rejectedSignature(request, context);
  if (rejected) return rejected;
  const field = formFields(request.rawBody).payload;
  if (!field)
    return { kind: "rejected", status: 400, message: "form field payload is missing", field: "payload" };
  const json = parseBoundedJson(field);
  if (!json.ok) return notJson("payload", json.message);
  // Only button presses are interactions Cairn handles; others are acknowledged and dropped.
  if ((json.value as { type?: unknown } | null)?.type !== "block_actions")
    return { kind: "accepted", events: [], reply: { empty: true } };
  const payload = parsed(BlockActionsSchema, json.value);
  if (!payload.ok) return payload.outcome;
  return {
    kind: "accepted",
    events: [{ kind: "slack.interaction", payload: payload.data }],
    reply: { empty: true },
    ingress: ingressOf(request, payload.data.user.id),
  };
};

export const slackWebhooks: Record<string, WebhookEndpoint> = { events, commands, interactivity };
