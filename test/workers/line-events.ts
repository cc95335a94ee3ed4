/**
 * LINE webhook bodies for tests, shaped as the Messaging API reference's "Webhook event objects"
 * (message event with a text message object, postback event), signed as LINE signs them.
 */
import { lineSignature } from "../../channels/line/signature";

export const LINE_BOT_ID = "U0123456789abcdef0123456789abcdef";
export const LINE_APPROVER = "U4af4980629aaaaaaaaaaaaaaaaaaaaaa";

/** A ULID-shaped webhookEventId, one per test sequence number. */
export const eventId = (seq: number, salt = "") =>
  `01JCAIRN${salt}${String(seq).padStart(18 - salt.length, "0")}`;

/**
 * A text message event. In a group (`groupId`) the text ends with a mention of the bot, as LINE
 * reports one (`isSelf`), unless `mention: false`: an unaddressed group message is only recorded.
 */
export function textEvent(
  seq: number,
  text: string,
  options: {
    userId?: string;
    redelivery?: boolean;
    groupId?: string;
    messageId?: string;
    mention?: boolean;
  } = {},
) {
  const userId = options.userId ?? LINE_APPROVER;
  const mention = Boolean(options.groupId) && options.mention !== false;
  const message: Record<string, unknown> = {
    id: options.messageId ?? String(468_000_000_000_000_000 + seq),
    type: "text",
    quoteToken: `q-in-${seq}`,
    text: mention ? `${text} @Cairn` : text,
  };
  if (mention)
    message.mention = {
      mentionees: [{ index: text.length + 1, length: 6, type: "user", userId: LINE_BOT_ID, isSelf: true }],
    };
  return {
    type: "message",
    message,
    webhookEventId: eventId(seq),
    deliveryContext: { isRedelivery: options.redelivery ?? false },
    timestamp: 1_764_000_000_000 + seq,
    source: options.groupId ? { type: "group", groupId: options.groupId, userId } : { type: "user", userId },
    replyToken: `rt-message-${seq}-${options.redelivery ? "again" : "first"}`,
    mode: "active",
  };
}

export function postbackEvent(seq: number, data: string, userId = LINE_APPROVER) {
  return {
    type: "postback",
    postback: { data },
    webhookEventId: eventId(seq),
    deliveryContext: { isRedelivery: false },
    timestamp: 1_764_000_000_000 + seq,
    source: { type: "user", userId },
    replyToken: `rt-postback-${seq}`,
    mode: "active",
  };
}

export const lineBody = (...events: unknown[]) => JSON.stringify({ destination: LINE_BOT_ID, events });

export async function lineRequest(
  tenantId: string,
  body: string,
  secret: string,
  contentType = "application/json; charset=utf-8",
) {
  return new Request(`https://cairn.test/webhooks/line/${tenantId}`, {
    method: "POST",
    headers: { "content-type": contentType, "x-line-signature": await lineSignature(secret, body) },
    body,
  });
}
