import { describe, expect, it } from "vitest";
import { CooldownTracker } from "../../../kernel/routing/cooldowns";
import { completeWithFallback } from "../../../providers/fallback";
import { secretRemover } from "../../../providers/secret-removal";
import type { CompletionRequest, CompletionResult, ModelProvider } from "../../../providers/types";

const github = `ghp_${"a1B2c3D4e5".repeat(3)}xY9zW8`;
const slackWebhook = "https://hooks.slack.com/services/T0ABCDEF1/B0ABCDEFGH/AbCdEfGhIjKlMnOpQrStUvWx";

const request: Omit<CompletionRequest, "model"> = {
  system: "You are the office assistant.",
  messages: [
    { role: "user", content: "Check the deploy config, please." },
    {
      role: "assistant",
      content: "Reading it.",
      toolCalls: [{ id: "c1", name: "read_file", input: { path: ".env", note: `uses ${github}` } }],
    },
    {
      role: "tool",
      toolCallId: "c1",
      name: "read_file",
      content: `GITHUB_TOKEN=${github}\nSLACK_WEBHOOK=${slackWebhook}\nBUILD=4f3c2a1b9e7d6c5a4b3c2d1e0f9a8b7c6d5e4f3a\nTENANT_KEY=acme-tenant-key-2291`,
    },
  ],
  tools: [],
  maxOutputTokens: 100,
};

function recordingProvider(seen: string[]): ModelProvider {
  return {
    id: "fake",
    offline: false,
    async complete(sent): Promise<CompletionResult> {
      seen.push(JSON.stringify(sent));
      return {
        text: "ok",
        toolCalls: [],
        usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0 },
        model: sent.model,
        stopReason: "end",
      };
    },
  };
}

const cooldowns = () => new CooldownTracker({ now: () => 0 });

describe("secrets never reach a model provider", () => {
  it("a credential in tool output and in earlier tool-call arguments is removed before the provider sees the request", async () => {
    const seen: string[] = [];
    await completeWithFallback([{ provider: recordingProvider(seen), model: "m" }], request, {
      cooldowns: cooldowns(),
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).not.toContain(github);
    expect(seen[0]).not.toContain(slackWebhook);
    expect(seen[0]).toContain("[secret removed: github-pat]");
    // Hashes are left alone (no entropy check here), and so is a value nobody configured.
    expect(seen[0]).toContain("4f3c2a1b9e7d6c5a4b3c2d1e0f9a8b7c6d5e4f3a");
    expect(seen[0]).toContain("acme-tenant-key-2291");
  });

  it("configured secrets are removed too when the caller passes them", async () => {
    const seen: string[] = [];
    await completeWithFallback([{ provider: recordingProvider(seen), model: "m" }], request, {
      cooldowns: cooldowns(),
      removeSecrets: secretRemover(["acme-tenant-key-2291"]),
    });
    expect(seen[0]).not.toContain("acme-tenant-key-2291");
    expect(seen[0]).toContain("[secret removed: configured-secret]");
  });

  it("a request without secrets is sent unchanged", () => {
    const plain = { ...request, messages: [{ role: "user" as const, content: "Summarise INV-7." }] };
    expect(secretRemover()(plain)).toEqual(plain);
  });
});
