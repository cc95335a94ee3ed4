/**
 * The offline provider: deterministic, free, and honest about being no model at all.
 * It lets Cairn run end to end with no keys and no network — a message that asks for a
 * command (`run <command>` or `$ <command>`) becomes a `shell` tool call; anything else gets
 * a reply that says plainly that no model is configured.
 */
import type { ChatMessage, CompletionRequest, CompletionResult, ModelProvider } from "./types";

export const OFFLINE_NOTICE = "[offline: no model is configured]";

const COMMAND = /^\s*(?:run|\$)\s+([\s\S]+)$/i;
const SEND = /^\s*send\s+(?:to\s+)?(-?\d+)\s*:\s*([\s\S]+)$/i;

/** Rough token count for the ledger: four characters a token, the usual rule of thumb. */
function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function lastUserMessage(messages: ChatMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.role === "user") return message.content;
  }
  return "";
}

function answer(request: CompletionRequest): Pick<CompletionResult, "text" | "toolCalls"> {
  const last = request.messages.at(-1);
  const offered = new Set(request.tools.map((tool) => tool.name));
  if (last?.role === "tool") {
    const verb = last.isError ? "could not do that" : "done";
    return { text: `${OFFLINE_NOTICE} ${verb}:\n${last.content}`, toolCalls: [] };
  }
  const said = lastUserMessage(request.messages);
  const command = COMMAND.exec(said);
  if (command?.[1] && offered.has("shell")) {
    return {
      text: "",
      toolCalls: [{ id: "offline_1", name: "shell", input: { command: command[1].trim() } }],
    };
  }
  const send = SEND.exec(said);
  if (send?.[1] && send[2] && offered.has("send_message")) {
    return {
      text: "",
      toolCalls: [
        { id: "offline_1", name: "send_message", input: { recipient: send[1], text: send[2].trim() } },
      ],
    };
  }
  return {
    text:
      `${OFFLINE_NOTICE} I can only act on explicit requests: "run <command>" runs a shell command ` +
      `in my sandbox, "send <chat id>: <text>" sends a message. Set OPENAI_API_KEY or ANTHROPIC_API_KEY for a real model.`,
    toolCalls: [],
  };
}

export function createOfflineProvider(): ModelProvider {
  return {
    id: "offline",
    offline: true,
    async complete(request) {
      const { text, toolCalls } = answer(request);
      const prompt =
        request.system + request.messages.map((m) => ("content" in m ? m.content : "")).join("\n");
      return {
        text,
        toolCalls,
        usage: {
          inputTokens: estimateTokens(prompt),
          outputTokens: estimateTokens(text),
          cachedInputTokens: 0,
        },
        model: "offline",
        stopReason: toolCalls.length > 0 ? "tool_use" : "end",
      };
    },
  };
}
