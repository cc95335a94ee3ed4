/**
 * Layer (a), channel: one inbound message is one event, however many times it arrives.
 * Platforms retry deliveries with the same message id (Slack's event_id, Telegram's update and
 * message ids); edits keep the message id and change the text; forwards carry the same content
 * under a new id. Only those are dropped. The same person sending the same words again under a
 * new message id is asking again — twenty minutes later that is a question someone should
 * answer — so content alone drops a message only when it is a forward, or when the platform
 * gave no message id and it arrives within the short redelivery window.
 */

import { windowMs } from "./config";
import { type DedupContext, describeAge, type Instant, toMillis } from "./context";
import { fingerprint } from "./minhash";
import { forwardBannerLine, normalizedText } from "./normalize";
import type { DedupVerdict } from "./types";

export interface InboundDedupMessage {
  tenant: string;
  /** The event id the caller will use for this message if it is new. */
  id: string;
  /** "slack", "telegram", … */
  platform: string;
  /** The platform's own id of the message; the same on retries and edits. */
  platformMessageId?: string;
  text: string;
  /** Who wrote it (platform user id). Identical text from two different people is two messages… */
  sender?: string;
  /** …unless it was forwarded; also detected from "Fwd:" prefixes and forwarding banners. */
  forwarded?: boolean;
  at: Instant;
}

const forwardMarker = /^\s*(?:fwd?|tr|wg)\s*:|\[forwarded/i;

export function isForward(message: Pick<InboundDedupMessage, "forwarded" | "text">): boolean {
  return (
    Boolean(message.forwarded) || forwardMarker.test(message.text) || forwardBannerLine.test(message.text)
  );
}

/**
 * Whether matching content means the same message: a forward; or, without a platform message id,
 * the same (or an unknown) sender within the redelivery window.
 */
function contentMatchApplies(
  message: InboundDedupMessage,
  earlier: { sender: string | undefined; age: number },
  redeliveryWindow: number,
): boolean {
  if (isForward(message)) return true;
  if (message.platformMessageId || earlier.age > redeliveryWindow) return false;
  return !message.sender || !earlier.sender || message.sender === earlier.sender;
}

const messageKey = (platform: string, platformMessageId: string) => `msg:${platform}:${platformMessageId}`;
const contentKey = (normalized: string) => `content:${fingerprint(normalized)}`;

/**
 * Decide whether an inbound message was already received, and remember it if not.
 * @example
 * const verdict = await dedupInboundMessage(context, { tenant, id: "e2", platform: "slack",
 *   platformMessageId: "Ev123", text: "hi", at: new Date() });
 * if (verdict.duplicate) return; // acknowledged, not processed again
 */
export async function dedupInboundMessage(
  context: DedupContext,
  message: InboundDedupMessage,
): Promise<DedupVerdict> {
  const { store, config } = context;
  const at = toMillis(message.at);
  const normalized = normalizedText(message.text);
  const content = contentKey(normalized);
  const contentCounts = message.text.trim().length >= config.channel.contentMinChars && normalized.length > 0;

  if (message.platformMessageId) {
    const [original] = await store.findByKey(
      message.tenant,
      "channel",
      messageKey(message.platform, message.platformMessageId),
    );
    if (original) {
      const sameText = original.text === normalized;
      if (!sameText && contentCounts && !original.keys.includes(content)) {
        // Remember the edited wording too, so a later forward of the edited text is caught.
        await store.put({ ...original, keys: [...original.keys, content] });
      }
      return {
        duplicate: true,
        layer: "channel",
        of: original.id,
        score: 1,
        action: "drop",
        reason: sameText
          ? `platform redelivery: ${message.platform} message ${message.platformMessageId} was already received as ${original.id}`
          : `edit of ${message.platform} message ${message.platformMessageId}, first received as ${original.id}`,
      };
    }
  }

  if (contentCounts) {
    const window = windowMs(config.channel.contentWindow);
    const redelivery = windowMs(config.channel.redeliveryWindow);
    const matching = (await store.findByKey(message.tenant, "channel", content)).filter(
      (record) =>
        record.at <= at &&
        at - record.at <= window &&
        contentMatchApplies(message, { sender: record.entity, age: at - record.at }, redelivery),
    );
    // Records come newest first. A forward stands for the first message with its words (the one
    // people saw and passed on), not for a later "asking again" with the same words.
    const earlier = isForward(message) ? matching.at(-1) : matching[0];
    if (earlier) {
      return {
        duplicate: true,
        layer: "channel",
        of: earlier.id,
        score: 1,
        action: "drop",
        reason: isForward(message)
          ? `forward of ${earlier.id}, received ${describeAge(at - earlier.at)} earlier (window ${config.channel.contentWindow})`
          : `redelivery without a message id: same content and sender as ${earlier.id}, ${describeAge(at - earlier.at)} earlier (window ${config.channel.redeliveryWindow})`,
      };
    }
  }

  const keys = message.platformMessageId ? [messageKey(message.platform, message.platformMessageId)] : [];
  if (contentCounts) keys.push(content);
  await store.put({
    tenant: message.tenant,
    layer: "channel",
    id: message.id,
    keys,
    entity: message.sender,
    text: normalized,
    state: "seen",
    at,
  });
  return {
    duplicate: false,
    layer: "channel",
    reason: message.platformMessageId
      ? `first delivery of ${message.platform} message ${message.platformMessageId}`
      : "no earlier message with this content",
  };
}
