/**
 * What an agent may do. A tool declares its input (zod), its risk, the policy actions a call
 * amounts to (so the kernel can decide), and how to execute it.
 */
import type { z } from "zod";
import type { Action } from "../kernel/policy/types";
import type { Sandbox, ShellLimits } from "./sandbox/types";

export interface ToolContext {
  tenantId: string;
  threadId: string;
  agentId: string;
  channel: string;
  /** The conversation the agent is answering in. */
  conversationId: string;
  sandbox: Sandbox;
  shellLimits: ShellLimits;
  /** Queues a message through the outbox; the key makes a retried call a no-op. */
  sendMessage(recipient: string, text: string, idempotencyKey: string): Promise<void>;
  /** Unique per tool call: derived from the turn, so a retried turn reuses it. */
  callKey: string;
}

export interface ToolResult {
  ok: boolean;
  /** What the model (and the chat, when shown) sees. Already size-limited. */
  output: string;
}

export interface Tool<Input = unknown> {
  name: string;
  description: string;
  input: z.ZodType<Input>;
  risk: "low" | "medium" | "high";
  /** The policy actions this call amounts to; every one must be allowed. */
  actions(input: Input, context: Pick<ToolContext, "agentId" | "channel" | "conversationId">): Action[];
  /** One line a human approves or rejects. */
  describe(input: Input): string;
  execute(input: Input, context: ToolContext): Promise<ToolResult>;
}
