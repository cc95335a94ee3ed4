/** The inbound queue's Slack events back into the common message (re-validated: queues are a boundary). */
import type { Normalized, QueuedEvent } from "../adapter";
import { issueOf } from "../issues";
import {
  normalizeBlockActions,
  normalizeSlackMessage,
  normalizeSlackReaction,
  normalizeSlashCommand,
} from "./normalize";
import {
  BlockActionsSchema,
  EventCallbackSchema,
  SlackMessageEventSchema,
  SlackReactionEventSchema,
  SlashCommandSchema,
} from "./payloads";

export function normalizeQueuedSlackEvent(
  event: QueuedEvent,
  ref: { tenantId: string; channelId: string },
  receivedAt: number,
): Normalized {
  switch (event.kind) {
    case "slack.event": {
      const envelope = EventCallbackSchema.safeParse(event.envelope);
      if (!envelope.success) return { ok: false, issue: issueOf(envelope.error) };
      const { event: inner, team_id: teamId, event_id: eventId } = envelope.data;
      if (inner.type === "message" || inner.type === "app_mention") {
        const message = SlackMessageEventSchema.safeParse(inner);
        if (!message.success) return { ok: false, issue: issueOf(message.error) };
        return { ok: true, inbound: normalizeSlackMessage(ref, teamId, message.data, receivedAt) };
      }
      if (inner.type === "reaction_added") {
        const reaction = SlackReactionEventSchema.safeParse(inner);
        if (!reaction.success) return { ok: false, issue: issueOf(reaction.error) };
        return { ok: true, inbound: normalizeSlackReaction(ref, teamId, eventId, reaction.data, receivedAt) };
      }
      return { ok: true, inbound: null };
    }
    case "slack.command": {
      const command = SlashCommandSchema.safeParse(event.command);
      if (!command.success) return { ok: false, issue: issueOf(command.error) };
      return { ok: true, inbound: normalizeSlashCommand(ref, command.data, receivedAt) };
    }
    case "slack.interaction": {
      const payload = BlockActionsSchema.safeParse(event.payload);
      if (!payload.success) return { ok: false, issue: issueOf(payload.error) };
      return { ok: true, inbound: normalizeBlockActions(ref, payload.data, receivedAt) };
    }
    default:
      return { ok: false, issue: `unknown event kind ${event.kind}` };
  }
}
