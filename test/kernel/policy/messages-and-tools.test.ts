/** Channel and tool rules. */
import { describe, expect, it } from "vitest";
import { decide } from "../../../kernel/policy/index";
import { policyFrom } from "./helpers";

const policy = policyFrom(`
version: 1
channels:
  allow:
    - { channels: ["*"], recipients: ["$conversation"] }
    - { agents: [billing], channels: [email], recipients: ["*@acme.example"] }
    - { agents: [billing], channels: [email], recipients: ["*"], effect: ask }
  block:
    - { channels: ["*"], recipients: ["ceo@acme.example"], reason: only humans write to the CEO }
tools:
  allow:
    - { tools: [shell, message] }
    - { agents: [billing], tools: [stripe.*], effect: ask }
  block:
    - { tools: [stripe.refund], reason: refunds are done by people }
`);

function message(agentId: string, channel: string, recipient: string, currentConversation?: string) {
  return decide(policy, {
    kind: "message",
    agentId,
    channel,
    recipient,
    ...(currentConversation ? { currentConversation } : {}),
  });
}

describe("message decisions", () => {
  it("allows replying in the current conversation, on any channel", () => {
    expect(message("any", "telegram", "chat-42", "chat-42").effect).toBe("allow");
    expect(message("any", "slack", "C123", "C123").effect).toBe("allow");
  });

  it("denies other recipients unless a rule covers them", () => {
    expect(message("any", "telegram", "chat-7", "chat-42")).toMatchObject({
      effect: "deny",
      rule: "default-deny",
    });
    expect(message("any", "telegram", "chat-7")).toMatchObject({ effect: "deny" });
  });

  it("does not treat a recipient named $conversation as the current conversation", () => {
    expect(message("any", "telegram", "$conversation", "chat-42").effect).toBe("deny");
  });

  it("uses agent-scoped recipient patterns, most permissive first", () => {
    expect(message("billing", "email", "ana@acme.example").effect).toBe("allow");
    expect(message("billing", "email", "client@other.example").effect).toBe("ask");
    expect(message("billing", "sms", "+15550100").effect).toBe("deny");
  });

  it("lets a block rule win, even in the current conversation", () => {
    expect(message("billing", "email", "ceo@acme.example", "ceo@acme.example")).toMatchObject({
      effect: "deny",
      rule: "channels.block[0]",
    });
  });
});

describe("tool decisions", () => {
  const tool = (agentId: string, name: string) => decide(policy, { kind: "tool", agentId, tool: name });

  it("grants named tools and denies the rest", () => {
    expect(tool("any", "shell").effect).toBe("allow");
    expect(tool("any", "http")).toMatchObject({ effect: "deny", rule: "default-deny" });
    expect(tool("billing", "stripe.invoice")).toMatchObject({ effect: "ask", rule: "tools.allow[1]" });
    expect(tool("other", "stripe.invoice").effect).toBe("deny");
  });

  it("lets a block rule win over a wildcard grant", () => {
    expect(tool("billing", "stripe.refund")).toMatchObject({ effect: "deny", rule: "tools.block[0]" });
  });

  it("denies an unknown action kind", () => {
    const action = { kind: "teleport", agentId: "a" } as unknown as Parameters<typeof decide>[1];
    expect(decide(policy, action).effect).toBe("deny");
  });
});
