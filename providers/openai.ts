/**
 * OpenAI Chat Completions, for any OpenAI-compatible endpoint (OpenAI, OpenRouter, DashScope,
 * DeepSeek, Groq, Together, vLLM, Ollama) selected by base URL.
 */

import OpenAI from "openai";
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
} from "openai/resources/chat/completions";
import { toProviderError } from "./errors";
import { sdkClientOptions } from "./sdk-options";
import {
  type ChatMessage,
  type CompletionRequest,
  type CompletionResult,
  type ModelProvider,
  ProviderError,
  type ToolCall,
} from "./types";

export interface OpenAICompatibleOptions {
  id: string;
  apiKey: string;
  /** Absent for api.openai.com. */
  baseURL?: string;
  /** Injected for tests and for runtimes where the global fetch must be bound explicitly. */
  fetch?: typeof fetch;
  timeoutMs?: number;
  /**
   * OpenAI's own API wants `max_completion_tokens`; many compatible servers only read the older
   * `max_tokens`. Defaults to the former for OpenAI and the latter for any other base URL.
   */
  maxTokensField?: "max_completion_tokens" | "max_tokens";
}

function toOpenAIMessages(system: string, messages: ChatMessage[]): ChatCompletionMessageParam[] {
  const converted: ChatCompletionMessageParam[] = system ? [{ role: "system", content: system }] : [];
  for (const message of messages) {
    if (message.role === "user") converted.push({ role: "user", content: message.content });
    else if (message.role === "tool") {
      const content = message.isError ? `ERROR: ${message.content}` : message.content;
      converted.push({ role: "tool", tool_call_id: message.toolCallId, content });
    } else {
      const toolCalls = (message.toolCalls ?? []).map((call) => ({
        id: call.id,
        type: "function" as const,
        function: { name: call.name, arguments: JSON.stringify(call.input) },
      }));
      converted.push({
        role: "assistant",
        content: message.content || null,
        ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
      });
    }
  }
  return converted;
}

export function toOpenAIRequest(
  request: CompletionRequest,
  maxTokensField: "max_completion_tokens" | "max_tokens",
): ChatCompletionCreateParamsNonStreaming {
  const params: ChatCompletionCreateParamsNonStreaming = {
    model: request.model,
    messages: toOpenAIMessages(request.system, request.messages),
    [maxTokensField]: request.maxOutputTokens,
  };
  if (request.tools.length > 0) {
    params.tools = request.tools.map((tool) => ({
      type: "function",
      function: { name: tool.name, description: tool.description, parameters: tool.inputSchema },
    }));
  }
  return params;
}

function parseArguments(providerId: string, name: string, raw: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = raw.trim() === "" ? {} : JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    // Not retryable elsewhere as-is: the caller treats it as a failed result and may cascade.
    throw new ProviderError(
      `${providerId}: arguments of tool call ${name} are not a JSON object`,
      providerId,
      undefined,
      undefined,
      false,
    );
  }
  return parsed as Record<string, unknown>;
}

const STOP_REASONS: Record<string, CompletionResult["stopReason"]> = {
  stop: "end",
  tool_calls: "tool_use",
  function_call: "tool_use",
  length: "max_tokens",
};

export function fromOpenAIResponse(providerId: string, response: ChatCompletion): CompletionResult {
  const choice = response.choices[0];
  if (!choice)
    throw new ProviderError(
      `${providerId}: the response has no choices`,
      providerId,
      undefined,
      undefined,
      true,
    );
  const toolCalls: ToolCall[] = [];
  for (const call of choice.message.tool_calls ?? []) {
    if (call.type !== "function") continue;
    toolCalls.push({
      id: call.id,
      name: call.function.name,
      input: parseArguments(providerId, call.function.name, call.function.arguments),
    });
  }
  const usage = response.usage;
  return {
    text: choice.message.content ?? "",
    toolCalls,
    usage: {
      inputTokens: usage?.prompt_tokens ?? 0,
      outputTokens: usage?.completion_tokens ?? 0,
      cachedInputTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
    },
    model: response.model,
    stopReason: STOP_REASONS[choice.finish_reason] ?? "other",
  };
}

export class OpenAICompatibleProvider implements ModelProvider {
  readonly id: string;
  readonly offline = false;
  private readonly client: OpenAI;
  private readonly maxTokensField: "max_completion_tokens" | "max_tokens";

  constructor(options: OpenAICompatibleOptions) {
    this.id = options.id;
    this.maxTokensField =
      options.maxTokensField ?? (options.baseURL ? "max_tokens" : "max_completion_tokens");
    this.client = new OpenAI(sdkClientOptions(options));
  }

  async complete(request: CompletionRequest): Promise<CompletionResult> {
    let response: ChatCompletion;
    try {
      response = await this.client.chat.completions.create(toOpenAIRequest(request, this.maxTokensField));
    } catch (error) {
      throw toProviderError(this.id, error);
    }
    return fromOpenAIResponse(this.id, response);
  }
}
