/**
 * Response bodies shaped like the vendors' documented ones (OpenAI Chat Completions, Anthropic
 * Messages), so that the providers are tested against what the APIs really send.
 */

export function openAIChatCompletion(options: {
  content?: string | null;
  toolCalls?: { id: string; name: string; arguments: string }[];
  finishReason?: "stop" | "length" | "tool_calls" | "content_filter";
  promptTokens?: number;
  completionTokens?: number;
  cachedTokens?: number;
  model?: string;
}) {
  const promptTokens = options.promptTokens ?? 57;
  const completionTokens = options.completionTokens ?? 17;
  return {
    id: "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
    object: "chat.completion",
    created: 1741570283,
    model: options.model ?? "gpt-5-mini-2025-08-07",
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: options.content === undefined ? "Done." : options.content,
          refusal: null,
          annotations: [],
          ...(options.toolCalls
            ? {
                tool_calls: options.toolCalls.map((call) => ({
                  id: call.id,
                  type: "function",
                  function: { name: call.name, arguments: call.arguments },
                })),
              }
            : {}),
        },
        logprobs: null,
        finish_reason: options.finishReason ?? (options.toolCalls ? "tool_calls" : "stop"),
      },
    ],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: options.cachedTokens ?? 0, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    },
    service_tier: "default",
    system_fingerprint: null,
  };
}

export function openAIError(message: string, type: string, code: string | null) {
  return { error: { message, type, param: null, code } };
}

export function anthropicMessage(options: {
  text?: string;
  toolUses?: { id: string; name: string; input: Record<string, unknown> }[];
  stopReason?: "end_turn" | "max_tokens" | "stop_sequence" | "tool_use" | "pause_turn" | "refusal";
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheCreationTokens?: number;
  model?: string;
}) {
  const content: Record<string, unknown>[] = [];
  if (options.text !== undefined) content.push({ type: "text", text: options.text });
  for (const use of options.toolUses ?? [])
    content.push({ type: "tool_use", id: use.id, name: use.name, input: use.input });
  return {
    id: "msg_01XFDUDYJgAACzvnptvVoYEL",
    type: "message",
    role: "assistant",
    model: options.model ?? "claude-sonnet-4-5-20250929",
    content,
    stop_reason: options.stopReason ?? (options.toolUses ? "tool_use" : "end_turn"),
    stop_sequence: null,
    usage: {
      input_tokens: options.inputTokens ?? 2095,
      cache_creation_input_tokens: options.cacheCreationTokens ?? 0,
      cache_read_input_tokens: options.cacheReadTokens ?? 0,
      output_tokens: options.outputTokens ?? 503,
      service_tier: "standard",
    },
  };
}

export function anthropicError(type: string, message: string) {
  return { type: "error", error: { type, message }, request_id: "req_011CSHoEeqs5C35K2UUqR7Fy" };
}
