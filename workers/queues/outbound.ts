/**
 * Outbound queue consumer: deliver one outbox row to its platform. A row already sent is
 * acknowledged without sending (the outbox, not the queue, is the source of truth); a 429 waits
 * for the platform's retry_after; 5xx and network errors back off; other 4xx fail for good.
 */

import { ChannelConfigSchema } from "../../channels/channel-config";
import type { OutboundPayload } from "../../channels/message";
import { OutboundQueueMessageSchema } from "../../channels/queue-messages";
import { sendTelegramPayload, TelegramApiError } from "../../channels/telegram/bot-api";
import { database } from "../../db/client";
import { insertAuditEntries } from "../../db/queries/audit";
import { getChannel } from "../../db/queries/channels";
import {
  getOutbound,
  markOutboundAttempt,
  markOutboundFailed,
  markOutboundSent,
} from "../../db/queries/outbox";
import { log } from "../../kernel/log";
import { open } from "../../kernel/secret-box";
import { retryDelaySeconds } from "./inbound";

/** After this many attempts a row is marked failed (the queue's own max_retries is the backstop). */
export const MAX_SEND_ATTEMPTS = 8;

export async function handleOutboundBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = database(env.DB);
  for (const message of batch.messages) {
    const parsed = OutboundQueueMessageSchema.safeParse(message.body);
    if (!parsed.success) {
      log("error", "outbound.invalid", { id: message.id });
      message.ack();
      continue;
    }
    const { tenantId, outboxId } = parsed.data;
    const row = await getOutbound(db, tenantId, outboxId);
    if (row?.status !== "pending") {
      message.ack();
      continue;
    }
    const attempts = row.attempts + 1;
    try {
      const channel = await getChannel(db, tenantId, row.channelId);
      if (!channel) throw new TelegramApiError(`channel ${row.channelId} is gone`, 410, undefined);
      const config = ChannelConfigSchema.parse(channel.config);
      const token = await open(channel.credentialsSealed, tenantId, env.CAIRN_ENCRYPTION_KEY);
      const platformId = await sendTelegramPayload(
        { apiBase: config.apiBase, token },
        row.payload as OutboundPayload,
      );
      await markOutboundSent(db, tenantId, outboxId, platformId ?? null, Date.now());
      log("info", "outbound.sent", {
        tenant: tenantId,
        thread: row.threadId ?? undefined,
        outbox: outboxId,
        attempts,
      });
      message.ack();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const retryable = error instanceof TelegramApiError ? error.retryable : true;
      if (!retryable || attempts >= MAX_SEND_ATTEMPTS) {
        await markOutboundFailed(db, tenantId, outboxId, reason);
        await insertAuditEntries(db, [
          {
            id: `aud_outbox_failed_${outboxId}`,
            tenantId,
            at: Date.now(),
            actor: "system",
            action: "outbox.failed",
            subjectType: "outbox",
            subjectId: outboxId,
            threadId: row.threadId,
            detail: { reason, attempts },
          },
        ]);
        log("error", "outbound.failed", { tenant: tenantId, outbox: outboxId, attempts, error: reason });
        message.ack();
        continue;
      }
      await markOutboundAttempt(db, tenantId, outboxId, attempts, reason);
      const wait =
        error instanceof TelegramApiError && error.retryAfterSeconds
          ? error.retryAfterSeconds
          : retryDelaySeconds(attempts);
      log("warn", "outbound.retry", {
        tenant: tenantId,
        outbox: outboxId,
        attempts,
        delay: wait,
        error: reason,
      });
      message.retry({ delaySeconds: wait });
    }
  }
}
