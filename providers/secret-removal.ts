/**
 * Credentials never go to a model: every request leaves with each secret the scanner recognises
 * (provider formats, generic rules, configured values) replaced by `[secret removed: rule]`, in the
 * system prompt, every message (tool output included) and the arguments of earlier tool calls.
 * The entropy check is off here: tool output is full of hashes and base64 that a model may need,
 * and only recognised credentials are removed without asking.
 */
import { createSecretScanner, maskSecrets } from "../kernel/privacy/index";
import type { ChatMessage, CompletionRequest } from "./types";

function mapStrings(value: unknown, transform: (text: string) => string): unknown {
  if (typeof value === "string") return transform(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, transform));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, transform)]));
  }
  return value;
}

/**
 * @param knownSecrets the deployment's and tenants' configured values, matched exactly
 * @example
 * const removeSecrets = secretRemover([env.OPENAI_API_KEY]);
 * provider.complete(removeSecrets(request));
 */
export function secretRemover(
  knownSecrets: readonly string[] = [],
): <T extends Pick<CompletionRequest, "system" | "messages">>(request: T) => T {
  const scan = createSecretScanner({ knownSecrets, entropy: false });
  const clean = (text: string) => {
    const findings = scan(text);
    return findings.length === 0 ? text : maskSecrets(text, findings);
  };
  const cleanMessage = (message: ChatMessage): ChatMessage => {
    if (message.role === "assistant" && message.toolCalls) {
      return {
        ...message,
        content: clean(message.content),
        toolCalls: message.toolCalls.map((call) => ({
          ...call,
          input: mapStrings(call.input, clean) as Record<string, unknown>,
        })),
      };
    }
    return { ...message, content: clean(message.content) };
  };
  return (request) => ({
    ...request,
    system: clean(request.system),
    messages: request.messages.map(cleanMessage),
  });
}

/** Rules only, for callers that have no configured secrets to add. */
export const removeRecognisedSecrets = secretRemover();
