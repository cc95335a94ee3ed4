/**
 * Layer (a), channel: one inbound message is one event, however many times it arrives.
 * Platforms retry deliveries with the same message id (Slack's event_id, Telegram's update and
 * message ids); edits keep the message id and change the text; forwards and copy-pastes carry
 * the same content under a new id.
 */

import { windowMs } from "./config.js";
import { type DedupContext, describeAge, type Instant, toMillis } from "./context.js";
import { fingerprint } from "./minhash.js";
import { normalizedText } from "./normalize.js";
import type { DedupVerdict } from "./types.js";

export interface InboundMessage {
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

const forwardMarker = /^\s*(?:fwd?|tr|wg)\s*:|forwarded message|\[forwarded/i;

/** Whether matching content means the same message: a forward, the same sender again, or a sender unknown. */
function contentMatchApplies(message: InboundMessage, earlierSender: string | undefined): boolean {
  if (message.forwarded || forwardMarker.test(message.text)) return true;
  return !message.sender || !earlierSender || message.sender === earlierSender;
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
  message: InboundMessage,
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
    const [earlier] = (await store.findByKey(message.tenant, "channel", content)).filter(
      (record) => record.at <= at && at - record.at <= window && contentMatchApplies(message, record.entity),
    );
    if (earlier) {
      return {
        duplicate: true,
        layer: "channel",
        of: earlier.id,
        score: 1,
        action: "drop",
        reason: `same content as ${earlier.id} received ${describeAge(at - earlier.at)} earlier (forward or copy, window ${config.channel.contentWindow})`,
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
