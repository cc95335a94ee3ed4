/**
 * A queued GitHub comment → the common message (re-validated: queues are a boundary). Each issue
 * or pull request is one conversation, `<owner>/<repo>#<number>`: people talk to the agent there
 * by mentioning its account, and approve with a comment `approve <id>`.
 */
import type { Normalized, QueuedEvent } from "../adapter";
import { parseTextCommand } from "../commands";
import { issueOf } from "../issues";
import type { InboundMessage } from "../message";
import { IssueCommentEventSchema } from "./payloads";

/** `owner/repo#12` → its parts, or null for anything else. */
export function parseGithubConversation(id: string): { repo: string; number: number } | null {
  const match = /^([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)#(\d+)$/.exec(id);
  return match?.[1] && match[2] ? { repo: match[1], number: Number(match[2]) } : null;
}

/** `@login` mentions in a comment, lower-cased (GitHub logins are case-insensitive). */
function mentionsOf(body: string): string[] {
  return [...body.matchAll(/(?:^|[^A-Za-z0-9_`])@([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/g)].map(
    (m) => `@${m[1]!.toLowerCase()}`,
  );
}

export function normalizeQueuedGithubComment(
  queued: QueuedEvent,
  ref: { tenantId: string; channelId: string },
  receivedAt: number,
): Normalized {
  if (queued.kind !== "github.comment") return { ok: false, issue: `unknown event kind ${queued.kind}` };
  const payload = IssueCommentEventSchema.safeParse(queued.payload);
  if (!payload.success) return { ok: false, issue: issueOf(payload.error) };
  const { comment, issue, repository } = payload.data;
  const inbound: InboundMessage = {
    ...ref,
    platform: "github",
    conversationId: `${repository.full_name}#${issue.number}`,
    sender: { id: comment.user.login, name: comment.user.login, isBot: comment.user.type === "Bot" },
    text: comment.body,
    platformMessageId: String(comment.id),
    // The comment id, not the delivery: a redelivery of the same comment is the same message.
    dedupKey: `github:comment:${comment.id}`,
    receivedAt,
    // An issue is a room anyone with access may speak in: the group policy applies.
    chatType: "group",
  };
  const mentions = mentionsOf(comment.body);
  if (mentions.length) inbound.mentions = mentions;
  const command = parseTextCommand(comment.body);
  if (command) inbound.command = command;
  return { ok: true, inbound };
}
