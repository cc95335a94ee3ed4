/**
 * Delivering one outbox payload through a platform sender. A message longer than the platform
 * allows becomes several sends, in order: the reply reference goes on the first part, the buttons
 * on the last (so editing the approval card edits the message that carries them). Each delivered
 * part is recorded, so a retry after a failure in the middle resumes at the next part and never
 * repeats one.
 */
import { type OutboundPayload, splitText } from "./message";

export interface PlatformSender {
  /** The most characters one message may carry. */
  limit: number;
  /**
   * `delivery.idempotencyKey` is the same for every attempt at one part of one outbox row, and
   * differs between parts and rows: a platform that takes an idempotency key (LINE's
   * X-Line-Retry-Key, a webhook receiver's Idempotency-Key) gets it, so a retry after a timeout
   * that did deliver is not delivered twice.
   */
  send(payload: OutboundPayload, delivery?: { idempotencyKey: string }): Promise<string | undefined>;
}

export interface PartLedger {
  delivered(): Promise<Map<number, string | null>>;
  record(part: number, platformMessageId: string | null): Promise<void>;
}

/** The payloads one outbox row becomes, in order. */
export function partsOf(payload: OutboundPayload, limit: number): OutboundPayload[] {
  if (payload.type === "callback_answer") return [payload];
  if (payload.type === "edit_message") return [{ ...payload, text: payload.text.slice(0, limit) }];
  const texts = splitText(payload.text, limit);
  return texts.map((text, i) => {
    const part: OutboundPayload = { type: "message", conversationId: payload.conversationId, text };
    if (payload.threadKey) part.threadKey = payload.threadKey;
    if (i === 0 && payload.replyToMessageId) part.replyToMessageId = payload.replyToMessageId;
    if (i === texts.length - 1 && payload.buttons) part.buttons = payload.buttons;
    return part;
  });
}

/**
 * Sends the parts not yet delivered; returns the platform id of the last part. `key` (the outbox
 * row's id) names the row in each part's idempotency key, `<key>:<part>`.
 */
export async function deliverPayload(
  sender: PlatformSender,
  payload: OutboundPayload,
  ledger: PartLedger,
  key?: string,
): Promise<string | undefined> {
  const parts = partsOf(payload, sender.limit);
  const delivery = (part: number) => (key ? { idempotencyKey: `${key}:${part}` } : undefined);
  if (parts.length === 1) return sender.send(parts[0]!, delivery(0));
  const done = await ledger.delivered();
  let last: string | undefined;
  for (const [i, part] of parts.entries()) {
    if (done.has(i)) {
      last = done.get(i) ?? undefined;
      continue;
    }
    last = await sender.send(part, delivery(i));
    await ledger.record(i, last ?? null);
  }
  return last;
}
