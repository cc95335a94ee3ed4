/**
 * One interface for every model provider (OpenAI-compatible, Anthropic, offline).
 * Tool calling and usage are normalised here so the rest of Cairn never sees a vendor shape.
 */

export interface ToolSpec {
  name: string;
  description: string;
  /** JSON Schema of the tool's input object. */
  inputSchema: Record<string, unknown>;
}

export interface ToolCall {
  id: string;
  name: string;
  input: Record<string, unknown>;
}

export type ChatMessage =
  | { role: "user"; content: string }
  | { role: "assistant"; content: string; toolCalls?: ToolCall[] }
  | { role: "tool"; toolCallId: string; name: string; content: string; isError?: boolean };

export interface CompletionRequest {
  model: string;
  system: string;
  messages: ChatMessage[];
  tools: ToolSpec[];
  maxOutputTokens: number;
  /** Propagated to the provider where supported, and always into logs. */
  metadata?: { tenantId: string; threadId?: string; agentId?: string };
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
}

export interface CompletionResult {
  text: string;
  toolCalls: ToolCall[];
  usage: Usage;
  /** The model that actually answered, as the provider reports it. */
  model: string;
  stopReason: "end" | "tool_use" | "max_tokens" | "other";
}

export interface ModelProvider {
  /** Stable id used in configuration and the cost ledger: "openai", "anthropic", "offline", … */
  readonly id: string;
  /** True for the deterministic offline provider: callers say so plainly to users. */
  readonly offline: boolean;
  complete(request: CompletionRequest): Promise<CompletionResult>;
}

/** A provider failure normalised for fallback decisions (429, 5xx, timeouts). */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly provider: string,
    readonly status: number | undefined,
    readonly retryAfterSeconds: number | undefined,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "ProviderError";
  }
}
