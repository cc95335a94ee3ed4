/** `send_message`: write to a chat. Replying in the current chat is ordinary; anyone else is a decision. */
import { z } from "zod";
import type { Tool } from "./types";

const SendMessageInput = z.strictObject({
  recipient: z
    .string()
    .min(1)
    .max(128)
    .describe("Chat id to send to; the current chat when omitted")
    .optional(),
  text: z.string().min(1).max(4000),
});
type SendMessageInput = z.infer<typeof SendMessageInput>;

export const sendMessageTool: Tool<SendMessageInput> = {
  name: "send_message",
  description:
    "Send a text message to a chat on the current channel (the current chat unless recipient is given).",
  input: SendMessageInput,
  risk: "high",
  reversible: false,
  actions: (input, context) => [
    { kind: "tool", agentId: context.agentId, tool: "message" },
    {
      kind: "message",
      agentId: context.agentId,
      channel: context.channel,
      recipient: input.recipient ?? context.conversationId,
      currentConversation: context.conversationId,
    },
  ],
  subject: (input, context) => ({
    target: `chat:${input.recipient ?? context.conversationId}`,
    entityRefs: [input.recipient ?? context.conversationId],
  }),
  describe: (input) => `send "${input.text.slice(0, 80)}" to chat ${input.recipient ?? "(this chat)"}`,
  async execute(input, context) {
    const recipient = input.recipient ?? context.conversationId;
    await context.sendMessage(recipient, input.text, `${context.callKey}:send`);
    return { ok: true, output: `queued for chat ${recipient}` };
  },
};
