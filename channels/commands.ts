/** Bot commands in message text, read the same way on every platform. */
import type { InboundMessage } from "./message";

const COMMAND = /^\/([a-z0-9_]{1,32})(?:@([a-z0-9_]{3,64}))?(?:\s+([\s\S]*))?$/i;

/**
 * A bot command at the start of the text: `/tasks@cairn_bot 3` → name "tasks", target
 * "cairn_bot", args "3" (Telegram marks it with a `bot_command` entity at 0; Slack text is read alike).
 */
export function parseCommand(text: string): InboundMessage["command"] {
  const match = COMMAND.exec(text.trim());
  if (!match?.[1]) return undefined;
  const command: NonNullable<InboundMessage["command"]> = {
    name: match[1].toLowerCase(),
    args: (match[3] ?? "").trim(),
  };
  if (match[2]) command.target = match[2].toLowerCase();
  return command;
}

const APPROVAL_REPLY = /^(approve|reject)\s+(prop_[a-z0-9_]+)\s*$/i;

/**
 * A command in a message on a platform whose people type rather than tap: a leading bot command
 * as `parseCommand` reads it, or an approval written without the slash (`approve prop_123`,
 * `reject prop_123`), the way a person answers a card in a comment or a chat that has no
 * commands. Either is checked against the approvers by the chat commands, like a button press.
 * @example parseTextCommand("approve prop_7k2") // → { name: "approve", args: "prop_7k2" }
 */
export function parseTextCommand(text: string): InboundMessage["command"] {
  const trimmed = text.trim();
  const approval = APPROVAL_REPLY.exec(trimmed);
  if (approval?.[1] && approval[2]) return { name: approval[1].toLowerCase(), args: approval[2] };
  return parseCommand(trimmed);
}
