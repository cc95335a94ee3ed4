/**
 * LINE's webhook: the signature over the raw body first (signature.ts), then the body, then each
 * event on its own. LINE batches events and redelivers a whole request that was not answered 2xx,
 * so one event Cairn cannot use must not fail the rest: text and file messages and postbacks from
 * a known user in an active chat are queued, one queued event each; anything else is skipped and
 * logged. A request with nothing usable is acknowledged with 200 all the same, and the console's
 * "Verify" request (no events) is answered 200.
 */
import { parseBoundedJson } from "../../kernel/request-limits";
import type { QueuedEvent, WebhookEndpoint, WebhookOutcome } from "../adapter";
import { issueOf } from "../issues";
import { lineChannelSecrets } from "./credentials";
import { LINE_MESSAGE_TYPES, type LineEvent, LineEventSchema, LineWebhookBodySchema } from "./payloads";
import { LINE_SIGNATURE_HEADER, verifyLineSignature } from "./signature";

/** An unknown tenant is checked against a throwaway secret, so it costs the same time and fails. */
const NO_SUCH_TENANT_SECRET = "00000000000000000000000000000000";

/**
 * How long a request's signature is remembered by the gateway's replay cache. LINE signs no
 * timestamp; its redeliveries carry `isRedelivery: true` and so a new signature, and are dropped by
 * event id in the thread. A byte-identical copy inside a day is answered without queueing it.
 */
export const LINE_REPLAY_WINDOW_MS = 24 * 60 * 60 * 1000;

const ignored = (reason: string, logged?: Record<string, unknown>): WebhookOutcome => ({
  kind: "ignored",
  reason,
  reply: { empty: true },
  ...(logged ? { logged } : {}),
});

/** Why an event is skipped, or null when it is one Cairn acts on. */
function skipReason(raw: { type: string } & Record<string, unknown>): string | LineEvent {
  if (raw.type !== "message" && raw.type !== "postback") return `event type ${raw.type.slice(0, 40)}`;
  if (raw.type === "message") {
    const type = (raw.message as { type?: unknown } | undefined)?.type;
    if (typeof type !== "string" || !(LINE_MESSAGE_TYPES as readonly string[]).includes(type))
      return `message type ${String(type).slice(0, 40)}`;
  }
  const event = LineEventSchema.safeParse(raw);
  if (!event.success) return `invalid ${raw.type}: ${issueOf(event.error)}`;
  if (event.data.mode === "standby") return "standby mode (another module owns the chat)";
  if (!event.data.source.userId) return "no userId (the user has not shared it)";
  return event.data;
}

export const lineWebhookEndpoint: WebhookEndpoint = async (request, context) => {
  const channel = await context.channel();
  const secrets = channel ? await lineChannelSecrets(channel, context.ports) : undefined;
  const signature = request.headers.get(LINE_SIGNATURE_HEADER);
  const check = await verifyLineSignature({
    channelSecret: secrets?.channelSecret ?? NO_SUCH_TENANT_SECRET,
    signature,
    rawBody: request.rawBody,
  });
  if (!check.ok)
    return {
      kind: "rejected",
      status: check.missing ? 401 : 403,
      message: `LINE signature rejected: ${check.reason}`,
    };
  if (!channel) return { kind: "rejected", status: 403, message: "LINE signature rejected: no LINE channel" };

  const json = parseBoundedJson(request.rawBody);
  if (!json.ok) return ignored(json.message);
  const body = LineWebhookBodySchema.safeParse(json.value);
  if (!body.success) return ignored(`invalid body: ${issueOf(body.error)}`);
  if (body.data.events.length === 0) return { kind: "accepted", events: [], reply: { empty: true } };

  const queued: QueuedEvent[] = [];
  const skipped: string[] = [];
  const redelivered: string[] = [];
  for (const raw of body.data.events) {
    const event = skipReason(raw);
    if (typeof event === "string") {
      skipped.push(event);
      continue;
    }
    if (event.deliveryContext.isRedelivery) redelivered.push(event.webhookEventId);
    queued.push({ kind: "line.event", destination: body.data.destination, event });
  }
  if (queued.length === 0) return ignored(skipped.join("; ").slice(0, 500), { events: skipped.length });
  const first = queued[0]!.event as LineEvent;
  return {
    kind: "accepted",
    events: queued,
    reply: { empty: true },
    logged: {
      events: queued.map((e) => (e.event as LineEvent).webhookEventId),
      ...(redelivered.length ? { redelivered } : {}),
      ...(skipped.length ? { skipped } : {}),
    },
    ingress: {
      ...(first.source.userId ? { sender: first.source.userId } : {}),
      replay: { key: `sig:${signature}`, until: request.now + LINE_REPLAY_WINDOW_MS },
    },
  };
};
