/**
 * The generic webhook: POST /webhooks/generic/<tenant> with one JSON event, signed with the
 * channel's secret (signature.ts). The signature is checked over the raw body before anything in
 * it is believed; then the event is validated and queued. A signed body Cairn cannot use (not
 * JSON, an unknown `type`, a field out of shape) is acknowledged with 200 and the reason, so a
 * sender that retries every non-2xx does not retry it forever, and nothing is queued.
 */
import { parseBoundedJson } from "../../kernel/request-limits";
import type { WebhookEndpoint, WebhookOutcome } from "../adapter";
import { issueOf } from "../issues";
import { WEBHOOK_EVENT_TYPES, WebhookEventSchema } from "./payloads";
import {
  verifyWebhookSignature,
  WEBHOOK_MAX_SKEW_SECONDS,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
} from "./signature";

/** An unknown tenant is checked against a throwaway secret, so it costs the same time and fails. */
const NO_SUCH_TENANT_SECRET = "no-such-tenant-no-such-tenant-0000";

const ignored = (reason: string): WebhookOutcome => ({
  kind: "ignored",
  reason,
  reply: { json: { ok: true, ignored: reason } },
});

export const webhookEventEndpoint: WebhookEndpoint = async (request, context) => {
  const channel = await context.channel();
  const secret = channel ? await context.ports.openSecret(channel.credentialsSealed) : NO_SUCH_TENANT_SECRET;
  const timestamp = request.headers.get(WEBHOOK_TIMESTAMP_HEADER);
  const signature = request.headers.get(WEBHOOK_SIGNATURE_HEADER);
  const check = await verifyWebhookSignature({
    secret,
    timestamp,
    signature,
    rawBody: request.rawBody,
    nowSeconds: Math.floor(request.now / 1000),
  });
  // 401 for a signature missing or malformed, 403 for one present but wrong (or no such channel).
  if (!check.ok)
    return {
      kind: "rejected",
      status: check.missing ? 401 : 403,
      message: `webhook signature rejected: ${check.reason}`,
    };
  if (!channel)
    return {
      kind: "rejected",
      status: 403,
      message: "webhook signature rejected: no generic webhook channel",
    };

  const json = parseBoundedJson(request.rawBody);
  if (!json.ok) return ignored(json.message);
  const type = (json.value as { type?: unknown } | null)?.type;
  if (typeof type !== "string" || !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(type))
    return ignored(`unknown event type ${JSON.stringify(type ?? null).slice(0, 50)}`);
  const event = WebhookEventSchema.safeParse(json.value);
  if (!event.success) return ignored(`invalid event: ${issueOf(event.error)}`);
  return {
    kind: "accepted",
    events: [{ kind: "generic.event", event: event.data }],
    reply: { json: { ok: true } },
    logged: { event_id: event.data.id, type: event.data.type },
    ingress: {
      sender: event.data.sender.id,
      // The signature covers the timestamp and the body: it is the request's identity until the
      // timestamp leaves the window, after which verification refuses a copy by itself.
      replay: {
        key: `sig:${signature}`,
        until: (Number(timestamp) + WEBHOOK_MAX_SKEW_SECONDS) * 1000 + 1000,
      },
    },
  };
};
