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
