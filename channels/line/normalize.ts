/** LINE's queued events → the common message (re-validated: queues are a boundary). */
import { z } from "zod";
import type { Normalized, QueuedEvent } from "../adapter";
import { parseTextCommand } from "../commands";
import { issueOf } from "../issues";
import type { Attachment, InboundMessage } from "../message";
import { type LineEvent, LineEventSchema, type LineSource } from "./payloads";

/** The chat an event belongs to: the group or room, else the one-to-one chat with the user. */
export function lineConversationOf(source: LineSource): string {
  if (source.type === "group") return source.groupId;
  if (source.type === "room") return source.roomId;
  return source.userId;
}

const ATTACHMENT_KINDS: Record<string, Attachment["kind"]> = {
  image: "photo",
  video: "video",
  audio: "audio",
  file: "file",
};

function toInbound(
  ref: { tenantId: string; channelId: string },
  destination: string,
  event: LineEvent,
  receivedAt: number,
): InboundMessage | null {
  const userId = event.source.userId;
  if (!userId) return null;
  const inbound: InboundMessage = {
    ...ref,
    platform: "line",
    conversationId: lineConversationOf(event.source),
    // LINE's webhook carries no display name; the profile API would cost a call per message.
    sender: { id: userId, name: userId, isBot: false },
    text: "",
    // A redelivery repeats the webhookEventId: the thread drops it by this key.
    dedupKey: `line:event:${event.webhookEventId}`,
    receivedAt,
    chatType: event.source.type === "user" ? "private" : "group",
  };
  if (event.type === "postback") {
    // The reply token answers the press (a reply is free and shows under the press).
    inbound.callback = { id: event.replyToken, data: event.postback.data };
    return inbound;
  }
  const message = event.message;
  inbound.platformMessageId = message.id;
  if (message.quotedMessageId) inbound.replyToMessageId = message.quotedMessageId;
  if (message.type === "text") {
    inbound.text = message.text;
    const mentions = (message.mention?.mentionees ?? []).flatMap((m) =>
      m.isSelf ? [destination] : m.userId ? [m.userId] : [],
    );
    if (mentions.length) inbound.mentions = mentions;
    const command = parseTextCommand(message.text);
    if (command) inbound.command = command;
  } else {
    const attachment: Attachment = {
      kind: ATTACHMENT_KINDS[message.type] ?? "file",
      platformFileId: message.id,
    };
    if (message.fileName) attachment.name = message.fileName;
    if (message.fileSize !== undefined) attachment.sizeBytes = message.fileSize;
    inbound.attachments = [attachment];
  }
  return inbound;
}

const QueuedLineEventSchema = z.object({ destination: z.string(), event: LineEventSchema });

export function normalizeQueuedLineEvent(
  queued: QueuedEvent,
  ref: { tenantId: string; channelId: string },
  receivedAt: number,
): Normalized {
  if (queued.kind !== "line.event") return { ok: false, issue: `unknown event kind ${queued.kind}` };
  const parsed = QueuedLineEventSchema.safeParse(queued);
  if (!parsed.success) return { ok: false, issue: issueOf(parsed.error) };
  return { ok: true, inbound: toInbound(ref, parsed.data.destination, parsed.data.event, receivedAt) };
}
