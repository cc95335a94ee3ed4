/** Anthropic Messages API behind the ModelProvider interface. */

import Anthropic from "@anthropic-ai/sdk";
import { toProviderError } from "./errors";
import { sdkClientOptions } from "./sdk-options";
import type { ChatMessage, CompletionRequest, CompletionResult, ModelProvider, ToolCall } from "./types";

export interface AnthropicOptions {
  id: string;
  apiKey: string;
  baseURL?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

type ContentBlock = Anthropic.TextBlockParam | Anthropic.ToolUseBlockParam | Anthropic.ToolResultBlockParam;

/**
 * Anthropic wants alternating user/assistant turns and tool results as blocks of a user turn, so
 * consecutive messages of the same role are merged into one turn.
 */
function toAnthropicMessages(messages: ChatMessage[]): Anthropic.MessageParam[] {
  const turns: { role: "user" | "assistant"; content: ContentBlock[] }[] = [];
  const push = (role: "user" | "assistant", blocks: ContentBlock[]) => {
    const last = turns[turns.length - 1];
    if (last && last.role === role) last.content.push(...blocks);
    else turns.push({ role, content: blocks });
  };
  for (const message of messages) {
    if (message.role === "user") push("user", [{ type: "text", text: message.content }]);
    else if (message.role === "tool") {
      push("user", [
        {
          type: "tool_result",
          tool_use_id: message.toolCallId,
          content: message.content,
          is_error: message.isError ?? false,
        },
      ]);
    } else {
      const blocks: ContentBlock[] = message.content ? [{ type: "text", text: message.content }] : [];
      for (const call of message.toolCalls ?? []) {
        blocks.push({ type: "tool_use", id: call.id, name: call.name, input: call.input });
      }
      push("assistant", blocks);
    }
  }
  return turns;
}

export function toAnthropicRequest(request: CompletionRequest): Anthropic.MessageCreateParamsNonStreaming {
  const params: Anthropic.MessageCreateParamsNonStreaming = {
    model: request.model,
    max_tokens: request.maxOutputTokens,
    messages: toAnthropicMessages(request.messages),
  };
  if (request.system) params.system = request.system;
  if (request.tools.length > 0) {
    params.tools = request.tools.map((tool) => ({
      name: tool.name,
      description: tool.description,
      input_schema: { type: "object", ...tool.inputSchema } as Anthropic.Tool.InputSchema,
    }));
  }
  // The tenant id is an opaque identifier, which is what Anthropic asks for here.
  if (request.metadata?.tenantId) params.metadata = { user_id: request.metadata.tenantId };
  return params;
}

const STOP_REASONS: Record<string, CompletionResult["stopReason"]> = {
  end_turn: "end",
  stop_sequence: "end",
  tool_use: "tool_use",
  max_tokens: "max_tokens",
};

export function fromAnthropicResponse(message: Anthropic.Message): CompletionResult {
  const texts: string[] = [];
  const toolCalls: ToolCall[] = [];
  for (const block of message.content) {
    if (block.type === "text") texts.push(block.text);
    else if (block.type === "tool_use") {
      toolCalls.push({
        id: block.id,
        name: block.name,
        input: (block.input ?? {}) as Record<string, unknown>,
      });
    }
  }
  const usage = message.usage;
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  // Anthropic's input_tokens excludes cached tokens; the normalised count includes them.
  // Cache writes are counted as ordinary input (Anthropic bills them at 1.25×: a known undercount).
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  return {
    text: texts.join(""),
    toolCalls,
    usage: {
      inputTokens: usage.input_tokens + cacheRead + cacheWrite,
      outputTokens: usage.output_tokens,
      cachedInputTokens: cacheRead,
    },
    model: message.model,
    stopReason: (message.stop_reason && STOP_REASONS[message.stop_reason]) || "other",
  };
}

export class AnthropicProvider implements ModelProvider {
  readonly id: string;
  readonly offline = false;
  private readonly client: Anthropic;

  constructor(options: AnthropicOptions) {
    this.id = options.id;
    this.client = new Anthropic(sdkClientOptions(options));
  }

  async complete(request: CompletionRequest): Promise<CompletionResult> {
    let message: Anthropic.Message;
    try {
      message = await this.client.messages.create(toAnthropicRequest(request));
    } catch (error) {
      throw toProviderError(this.id, error);
    }
    return fromAnthropicResponse(message);
  }
}
