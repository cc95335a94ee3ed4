import { describe, expect, it } from "vitest";
import { personalDataHandling } from "../../../providers/personal-data-redaction";
import type { CompletionRequest, CompletionResult } from "../../../providers/types";

const request: CompletionRequest = {
  model: "m",
  system: "You are the office assistant.",
  messages: [
    { role: "user", content: "Email Rebecca Stone at rebecca@stone.io about invoice INV-7." },
    {
      role: "assistant",
      content: "Drafting.",
      toolCalls: [{ id: "c1", name: "send_email", input: { to: "rebecca@stone.io", cc: ["Rebecca Stone"] } }],
    },
    { role: "tool", toolCallId: "c1", name: "send_email", content: "sent to rebecca@stone.io" },
  ],
  tools: [],
  maxOutputTokens: 100,
};

const answer = (text: string, to: string): CompletionResult => ({
  text,
  toolCalls: [{ id: "c2", name: "send_email", input: { to, body: `Dear ${text}` } }],
  usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0 },
  model: "m",
  stopReason: "tool_use",
});

describe("personal data in a model request", () => {
  it("flags the request, and the redacted request carries none of the values anywhere", () => {
    const privacy = personalDataHandling(request);
    expect(privacy.containsPersonalData).toBe(true);
    const serialised = JSON.stringify(privacy.redact(request));
    expect(serialised).not.toContain("rebecca@stone.io");
    expect(serialised).not.toContain("Rebecca Stone");
    expect(serialised).toContain("⟨EMAIL_1⟩");
    expect(serialised).toContain("INV-7");
  });

  it("restores the answer's text and tool-call arguments with the same request's mapping", () => {
    const privacy = personalDataHandling(request);
    privacy.redact(request);
    const restored = privacy.restore(answer("⟨PERSON_1⟩", "⟨EMAIL_1⟩"));
    expect(restored.text).toBe("Rebecca Stone");
    expect(restored.toolCalls[0]!.input).toEqual({ to: "rebecca@stone.io", body: "Dear Rebecca Stone" });
  });

  it("leaves a request without personal data unflagged and an unredacted answer unchanged", () => {
    const plain = { ...request, messages: [{ role: "user" as const, content: "Summarise invoice INV-7." }] };
    const privacy = personalDataHandling(plain);
    expect(privacy.containsPersonalData).toBe(false);
    const result = answer("Done.", "x");
    expect(privacy.restore(result)).toBe(result);
  });
});
