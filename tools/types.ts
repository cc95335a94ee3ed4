/**
 * What an agent may do. A tool declares its input (zod), its risk, whether it can be undone, the
 * policy actions a call amounts to (so the kernel can decide), what it touches (so the proposal
 * modes and entity guards can decide), how to execute it and — when reversible — its inverse.
 */
import type { z } from "zod";
import type { Action } from "../kernel/policy/types";
import type { McpCatalogue } from "./mcp/catalogue";
import type { ActionServices, ProposalHostHandle } from "./ports";
import type { Sandbox, SandboxLimits } from "./sandbox/types";

export interface ToolContext {
  tenantId: string;
  threadId: string;
  agentId: string;
  channel: string;
  /** The conversation the agent is answering in. */
  conversationId: string;
  sandbox: Sandbox;
  shellLimits: SandboxLimits;
  /** Queues a message through the outbox; the key makes a retried call a no-op. */
  sendMessage(recipient: string, text: string, idempotencyKey: string): Promise<void>;
  /**
   * Unique per tool call: derived from the turn, so a retried turn reuses it; for a proposal it
   * is the proposal's idempotency key, so its one execution is keyed the same on every retry.
   */
  callKey: string;
  /** Tasks, records, workspace files, email and HTTP: absent where the host provides none. */
  services?: ActionServices;
  /** The host's proposal lifecycle (modes, windows, holds); absent, asks become plain proposals. */
  proposalHost?: ProposalHostHandle;
  /**
   * Background shell jobs, where the sandbox and the host support them (E2B in a ContextThread):
   * the job is polled from the host's alarm and its result posted to the conversation.
   */
  backgroundJobs?: BackgroundJobs;
  /** The tenant's MCP servers' tools for this turn (tools/mcp); absent, none are callable. */
  mcp?: McpCatalogue;
}

export interface BackgroundJobs {
  start(command: string, limits: SandboxLimits, callKey: string): Promise<BackgroundJobStart>;
}

export type BackgroundJobStart =
  | { jobId: string; pid: number | null; deadlineAt: number; repeated: boolean }
  | { refused: string };

export interface ToolResult {
  ok: boolean;
  /** What the model (and the chat, when shown) sees. Already size-limited. */
  output: string;
}

/** JSON the inverse needs, recorded on the proposal before the effect happens. */
export type Snapshot = string | number | boolean | null | Snapshot[] | { [key: string]: Snapshot };

export type RiskClass = "low" | "medium" | "high";

export interface ToolSubject {
  /** What the action touches, for mode rules: "task:tsk_1", "email:ann@client.com", a URL. */
  target: string;
  /** Entity ids or handles (email addresses, chat ids) the entity guards look up. */
  entityRefs: string[];
}

export interface Tool<Input = unknown> {
  name: string;
  description: string;
  input: z.ZodType<Input>;
  /**
   * The JSON Schema offered to the model, when `input` does not describe it (an MCP tool's own
   * inputSchema, which `input` checks); otherwise derived from `input`.
   */
  jsonSchema?: Record<string, unknown>;
  risk: RiskClass;
  /** Whether an executed call can be undone; a function when it depends on the input. */
  reversible: boolean | ((input: Input) => boolean);
  /** The policy actions this call amounts to; every one must be allowed. */
  actions(input: Input, context: Pick<ToolContext, "agentId" | "channel" | "conversationId">): Action[];
  /** One line a human approves or rejects. */
  describe(input: Input): string;
  /** What the call touches; the whole call is its own target when left out. */
  subject?(input: Input, context: Pick<ToolContext, "conversationId">): ToolSubject;
  /** Reads what the inverse needs; run and stored before `execute`. */
  snapshot?(input: Input, context: ToolContext): Promise<Snapshot>;
  execute(input: Input, context: ToolContext): Promise<ToolResult>;
  /** Puts back what `execute` changed, from the snapshot. Reversible tools only. */
  inverse?(input: Input, snapshot: Snapshot, context: ToolContext): Promise<ToolResult>;
}

export function isReversible<Input>(tool: Tool<Input>, input: Input): boolean {
  const declared = typeof tool.reversible === "function" ? tool.reversible(input) : tool.reversible;
  return declared && tool.inverse !== undefined;
}

export function subjectOf<Input>(
  tool: Tool<Input>,
  input: Input,
  context: Pick<ToolContext, "conversationId">,
): ToolSubject {
  return tool.subject?.(input, context) ?? { target: tool.name, entityRefs: [] };
}

/** The services a tool needs, or a clear error naming what is missing. */
export function requireServices(context: ToolContext, tool: string): ActionServices {
  if (!context.services) throw new Error(`${tool} needs the thread's action services, which this host lacks`);
  return context.services;
}
