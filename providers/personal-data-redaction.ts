/**
 * The personal-data side of one model request: whether it carries personal data (the routing
 * privacy rule's flag), the redactor that the fallback loop applies to candidates that may only see
 * a redacted request, and the restorer that puts the values back into the answer. The mapping lives
 * in this closure, for one request in the Durable Object, and is never logged or stored.
 */
import {
  containsPersonalData,
  emptyRedactionMapping,
  type RedactionMapping,
  redactPersonalData,
  restorePersonalData,
} from "../kernel/privacy/index";
import type { ChatMessage, CompletionRequest, CompletionResult, ToolCall } from "./types";

export interface PersonalDataHandling {
  containsPersonalData: boolean;
  redact: (request: CompletionRequest) => CompletionRequest;
  restore: (result: CompletionResult) => CompletionResult;
}

/** Applies `transform` to every string inside a tool call's input (arguments may carry values too). */
function mapStrings(value: unknown, transform: (text: string) => string): unknown {
  if (typeof value === "string") return transform(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, transform));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, transform)]));
  }
  return value;
}

const mapToolCalls = (calls: ToolCall[], transform: (text: string) => string): ToolCall[] =>
  calls.map((call) => ({ ...call, input: mapStrings(call.input, transform) as Record<string, unknown> }));

/**
 * @example
 * const privacy = personalDataHandling({ system, messages });
 * completeRouted({ …, privacy: { containsPersonalData: privacy.containsPersonalData, … }, redact: privacy.redact });
 * const answer = privacy.restore(outcome.result);
 */
export function personalDataHandling(
  request: Pick<CompletionRequest, "system" | "messages">,
): PersonalDataHandling {
  const texts = [request.system, ...request.messages.map((message) => message.content)];
  const flagged = texts.some((text) => containsPersonalData(text));
  let mapping: RedactionMapping = emptyRedactionMapping;
  const redactText = (text: string) => {
    const result = redactPersonalData(text, mapping);
    mapping = result.mapping;
    return result.text;
  };
  const redactMessage = (message: ChatMessage): ChatMessage => {
    if (message.role === "assistant" && message.toolCalls) {
      return {
        ...message,
        content: redactText(message.content),
        toolCalls: mapToolCalls(message.toolCalls, redactText),
      };
    }
    return { ...message, content: redactText(message.content) };
  };
  return {
    containsPersonalData: flagged,
    redact: (completion) => ({
      ...completion,
      system: redactText(completion.system),
      messages: completion.messages.map(redactMessage),
    }),
    restore: (result) => {
      if (mapping.entries.length === 0) return result;
      const restoreText = (text: string) => restorePersonalData(text, mapping);
      return {
        ...result,
        text: restoreText(result.text),
        toolCalls: mapToolCalls(result.toolCalls, restoreText),
      };
    },
  };
}
