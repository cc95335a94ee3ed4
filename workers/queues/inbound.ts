/**
 * Inbound queue consumer: validate, normalise, and hand each message to its ContextThread.
 * A message that fails is retried with backoff (the thread's dedup makes the retry safe);
 * a message that can never be valid is acknowledged and logged rather than retried forever.
 */
import type { InboundMessage } from "../../channels/message";
import { type InboundQueueMessage, InboundQueueMessageSchema } from "../../channels/queue-messages";
import {
  normalizeBlockActions,
  normalizeSlackMessage,
  normalizeSlackReaction,
  normalizeSlashCommand,
} from "../../channels/slack/normalize";
import {
  BlockActionsSchema,
  EventCallbackSchema,
  SlackMessageEventSchema,
  SlackReactionEventSchema,
  SlashCommandSchema,
} from "../../channels/slack/payloads";
import { normalizeTelegramUpdate } from "../../channels/telegram/normalize";
import { TelegramUpdateSchema } from "../../channels/telegram/update";
import { database } from "../../db/client";
import { resolveInboundThread } from "../../durable-objects/context-thread/thread-resolution";
import { threadIdFor, threadStub } from "../../durable-objects/stubs";
import { log } from "../../kernel/log";

export function retryDelaySeconds(attempts: number): number {
  return Math.min(300, 2 ** Math.min(attempts, 8));
}

type Normalized = { ok: true; inbound: InboundMessage | null } | { ok: false; issue: string };

function issueOf(error: { issues: Array<{ message: string; path: PropertyKey[] }> }): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "invalid";
}

/** One queue body → the common message, or null for events that carry nothing to act on. */
export function normalizeQueued(body: InboundQueueMessage): Normalized {
  const ref = { tenantId: body.tenantId, channelId: body.channelId };
  switch (body.kind) {
    case "telegram.update": {
      const update = TelegramUpdateSchema.safeParse(body.update);
      if (!update.success) return { ok: false, issue: issueOf(update.error) };
      if (update.data.my_chat_member) {
        const change = update.data.my_chat_member;
        log("info", "telegram.membership", {
          tenant: body.tenantId,
          chat: change.chat.id,
          status: change.new_chat_member.status,
        });
      }
      return { ok: true, inbound: normalizeTelegramUpdate(ref, update.data, body.receivedAt) };
    }
    case "slack.event": {
      const envelope = EventCallbackSchema.safeParse(body.envelope);
      if (!envelope.success) return { ok: false, issue: issueOf(envelope.error) };
      const { event, team_id: teamId, event_id: eventId } = envelope.data;
      if (event.type === "message" || event.type === "app_mention") {
        const message = SlackMessageEventSchema.safeParse(event);
        if (!message.success) return { ok: false, issue: issueOf(message.error) };
        return { ok: true, inbound: normalizeSlackMessage(ref, teamId, message.data, body.receivedAt) };
      }
      if (event.type === "reaction_added") {
        const reaction = SlackReactionEventSchema.safeParse(event);
        if (!reaction.success) return { ok: false, issue: issueOf(reaction.error) };
        return {
          ok: true,
          inbound: normalizeSlackReaction(ref, teamId, eventId, reaction.data, body.receivedAt),
        };
      }
      return { ok: true, inbound: null };
    }
    case "slack.command": {
      const command = SlashCommandSchema.safeParse(body.command);
      if (!command.success) return { ok: false, issue: issueOf(command.error) };
      return { ok: true, inbound: normalizeSlashCommand(ref, command.data, body.receivedAt) };
    }
    case "slack.interaction": {
      const payload = BlockActionsSchema.safeParse(body.payload);
      if (!payload.success) return { ok: false, issue: issueOf(payload.error) };
      return { ok: true, inbound: normalizeBlockActions(ref, payload.data, body.receivedAt) };
    }
  }
}

/**
 * Messages of different chats run concurrently; messages of one chat run in arrival order, so
 * thread resolution of a reply sees the message it replies to, and a conversation keeps its order.
 */
export async function handleInboundBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const byChat = new Map<string, Array<{ message: Message<unknown>; inbound: InboundMessage }>>();
  for (const message of batch.messages) {
    const parsed = InboundQueueMessageSchema.safeParse(message.body);
    if (!parsed.success) {
      log("error", "inbound.invalid", { id: message.id, issue: parsed.error.issues[0]?.message });
      message.ack();
      continue;
    }
    const body = parsed.data;
    const normalized = normalizeQueued(body);
    if (!normalized.ok) {
      log("error", "inbound.invalid_update", {
        tenant: body.tenantId,
        kind: body.kind,
        issue: normalized.issue,
      });
      message.ack();
      continue;
    }
    const inbound = normalized.inbound;
    if (!inbound) {
      message.ack();
      continue;
    }
    const chat = `${inbound.tenantId}:${inbound.platform}:${inbound.conversationId}`;
    const queue = byChat.get(chat) ?? [];
    queue.push({ message, inbound });
    byChat.set(chat, queue);
  }
  await Promise.all(
    [...byChat.values()].map(async (items) => {
      for (const { message, inbound } of items) {
        // The chat's own thread until resolution says otherwise (and the name logged if resolution fails).
        let threadId = threadIdFor(
          inbound.tenantId,
          inbound.platform,
          inbound.conversationId,
          inbound.threadKey,
        );
        try {
          threadId = (await resolveInboundThread(database(env.DB), inbound, Date.now())).threadId;
          await threadStub(env, threadId).receive(threadId, inbound);
          message.ack();
        } catch (error) {
          log("error", "inbound.failed", {
            tenant: inbound.tenantId,
            thread: threadId,
            attempts: message.attempts,
            error: String(error),
          });
          message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
        }
      }
    }),
  );
}
