/** The inbound queue's Telegram events back into the common message (re-validated: queues are a boundary). */
import { log } from "../../kernel/log";
import type { Normalized, QueuedEvent } from "../adapter";
import { issueOf } from "../issues";
import { normalizeTelegramUpdate } from "./normalize";
import { TelegramUpdateSchema } from "./update";

export function normalizeQueuedUpdate(
  event: QueuedEvent,
  ref: { tenantId: string; channelId: string },
  receivedAt: number,
): Normalized {
  if (event.kind !== "telegram.update") return { ok: false, issue: `unknown event kind ${event.kind}` };
  const update = TelegramUpdateSchema.safeParse(event.update);
  if (!update.success) return { ok: false, issue: issueOf(update.error) };
  if (update.data.my_chat_member) {
    const change = update.data.my_chat_member;
    log("info", "telegram.membership", {
      tenant: ref.tenantId,
      chat: change.chat.id,
      status: change.new_chat_member.status,
    });
  }
  return { ok: true, inbound: normalizeTelegramUpdate(ref, update.data, receivedAt) };
}
