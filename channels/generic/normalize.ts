/** The generic webhook's queued event → the common message (re-validated: queues are a boundary). */
import type { Normalized, QueuedEvent } from "../adapter";
import { parseTextCommand } from "../commands";
import { issueOf } from "../issues";
import type { InboundMessage } from "../message";
import { type WebhookEvent, WebhookEventSchema } from "./payloads";

function toInbound(
  ref: { tenantId: string; channelId: string },
  event: WebhookEvent,
  receivedAt: number,
): InboundMessage {
  const { conversation, sender } = event;
  const inbound: InboundMessage = {
    ...ref,
    platform: "generic",
    conversationId: conversation.id,
    sender: { id: sender.id, name: sender.name ?? sender.id, isBot: sender.isBot },
    text: event.type === "message" ? event.text : "",
    // The sender's event id is the one thing a redelivery of the same event repeats.
    dedupKey: `generic:event:${event.id}`,
    receivedAt,
    chatType: conversation.type,
  };
  if (conversation.thread) inbound.threadKey = conversation.thread;
  if (event.type === "button") {
    inbound.callback = { id: event.id, data: event.data };
    if (event.messageId) inbound.platformMessageId = event.messageId;
    return inbound;
  }
  inbound.platformMessageId = event.messageId ?? event.id;
  if (event.replyTo) inbound.replyToMessageId = event.replyTo;
  if (event.mentions?.length) inbound.mentions = event.mentions;
  const command = parseTextCommand(event.text);
  if (command) inbound.command = command;
  if (event.attachments?.length)
    inbound.attachments = event.attachments.map(({ id, ...rest }) => ({ ...rest, platformFileId: id }));
  return inbound;
}

export function normalizeQueuedWebhookEvent(
  queued: QueuedEvent,
  ref: { tenantId: string; channelId: string },
  receivedAt: number,
): Normalized {
  if (queued.kind !== "generic.event") return { ok: false, issue: `unknown event kind ${queued.kind}` };
  const event = WebhookEventSchema.safeParse(queued.event);
  if (!event.success) return { ok: false, issue: issueOf(event.error) };
  return { ok: true, inbound: toInbound(ref, event.data, receivedAt) };
}
