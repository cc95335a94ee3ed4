/**
 * One agent turn in answer to one inbound message: model → tool calls (through the policy
 * kernel) → model … → one reply. Every side effect is keyed by the inbound message, so a turn
 * retried after a crash repeats no send, no proposal and no ledger entry.
 */
import type { Button, OutboundPayload } from "../../channels/message";
import type { Database } from "../../db/client";
import type { RateVerdict } from "../../durable-objects/tenant/rate-budget";
import type { AgentDefinition } from "../../kernel/agents/schema";
import { sha256Hex } from "../../kernel/digest";
import { log } from "../../kernel/log";
import { canonicalToolName } from "../../kernel/mcp";
import { decide } from "../../kernel/policy";
import { type ContextItem, LabelledContext } from "../../kernel/trust";
import type { ChatMessage } from "../../providers/types";
import { toolSpecsFor } from "../../tools/registry";
import type { ToolContext } from "../../tools/types";
import type { AuditBuffer } from "./audit-buffer";
import type { TurnModelCalls } from "./model-calls";
import type { LoadedPolicy } from "./policy";
import { handleToolCall } from "./tool-calls";
import { toolOutputItem } from "./trust-check";

export interface TurnInput {
  tenantId: string;
  threadId: string;
  agent: AgentDefinition;
  /** Channel-layer key of the message being answered: the turn's idempotency root. */
  messageKey: string;
  /** What is being asked, for the router: the message being answered. */
  taskText: string;
  history: ChatMessage[];
  /** The thread's assembled memory (facts, summary, recent messages…), appended to the system prompt. */
  contextPrompt?: string;
  /**
   * What the model reads, labelled by trust (kernel/trust): the message being answered by its
   * sender's role, the memory, the task and its comments. Left out, the history and the context
   * prompt are labelled untrusted: unlabelled content is never trusted.
   */
  context?: ContextItem[];
}

export interface TurnDeps {
  db: Database;
  /** Routed, budgeted, runaway-guarded model calls for this turn. */
  models: TurnModelCalls;
  policy: LoadedPolicy;
  audit: AuditBuffer;
  now: () => number;
  maxSteps: number;
  /** Base tool context; `callKey` is filled per call. */
  toolContext: Omit<ToolContext, "callKey">;
  /** Replies in the current conversation through the outbox. */
  reply(payload: OutboundPayload, idempotencyKey: string): Promise<void>;
  /** The policy's rate budgets, kept by the tenant's coordinator; absent means none are enforced. */
  rateBudget?: (toolFamily: string) => Promise<RateVerdict>;
}

export interface TurnResult {
  reply: string;
  proposals: string[];
  steps: number;
}

function systemPrompt(agent: AgentDefinition): string {
  return [
    `You are ${agent.name}, ${agent.role}`,
    agent.instructions.trim(),
    "Every action goes through a deny-by-default policy: a denied action returns an error; a risky one becomes a proposal a human approves.",
    "Answer briefly and plainly.",
  ].join("\n\n");
}

export async function runAgentTurn(deps: TurnDeps, input: TurnInput): Promise<TurnResult> {
  const turnKey = (await sha256Hex(`${input.threadId}\n${input.messageKey}`)).slice(0, 20);
  const messages: ChatMessage[] = [...input.history];
  // MCP tools the policy denies outright are not offered: a newly registered server shows nothing.
  const tools = toolSpecsFor(input.agent.tools, deps.toolContext.mcp, (_name, tool) =>
    tool
      .actions({}, deps.toolContext)
      .every((action) => decide(deps.policy.policy, action).effect !== "deny"),
  );
  const proposals: string[] = [];
  const proposalButtons: Button[][] = [];
  const proposalLines: string[] = [];
  let reply = "";
  let step = 0;
  // Tool results join the context as untrusted items as they arrive (a fetched page, a command's output).
  const items: ContextItem[] = input.context ? [...input.context] : unlabelledContext(input);
  let labelled = new LabelledContext(items);

  for (; step < deps.maxSteps; step++) {
    const answer = await deps.models.complete({
      system: input.contextPrompt
        ? `${systemPrompt(input.agent)}\n\n${input.contextPrompt}`
        : systemPrompt(input.agent),
      messages,
      tools,
      taskText: input.taskText,
      callKey: `${turnKey}_${step}`,
    });
    if (answer.kind === "deterministic") {
      reply = answer.text;
      break;
    }
    if (answer.kind === "stopped") {
      reply = `I cannot answer this now: ${answer.reason}`;
      break;
    }
    const { result } = answer;
    if (result.toolCalls.length === 0) {
      reply = result.text;
      break;
    }
    messages.push({ role: "assistant", content: result.text, toolCalls: result.toolCalls });
    for (const [index, wireCall] of result.toolCalls.entries()) {
      // Model APIs name MCP tools `mcp__server__tool`; Cairn's name is `mcp:server:tool`.
      const call = { ...wireCall, name: canonicalToolName(wireCall.name) };
      const callKey = `${turnKey}_${step}_${index}`;
      const runaway = deps.models.checkToolCall(call.name, call.input);
      if (runaway) {
        deps.audit.add({
          actor: "system",
          action: "model.stopped.runaway",
          agentId: input.agent.id,
          subjectType: "tool_call",
          subjectId: callKey,
          detail: { tool: call.name, reason: runaway },
        });
        messages.push({
          role: "tool",
          toolCallId: call.id,
          name: call.name,
          content: `stopped: ${runaway}`,
          isError: true,
        });
        continue;
      }
      const outcome = await handleToolCall(
        {
          db: deps.db,
          policy: deps.policy,
          audit: deps.audit,
          now: deps.now(),
          context: { ...deps.toolContext, callKey },
          proposalId: `prop_${callKey}`,
          agentTools: input.agent.tools,
          ...(deps.rateBudget ? { rateBudget: deps.rateBudget } : {}),
          trust: labelled,
        },
        call,
      );
      if (outcome.kind === "executed" && outcome.output.trim() !== "") {
        items.push(toolOutputItem(call, outcome.output));
        labelled = new LabelledContext(items);
      }
      log("info", "tool.call", {
        tenant: input.tenantId,
        thread: input.threadId,
        agent: input.agent.id,
        tool: call.name,
        outcome: outcome.kind,
      });
      if (outcome.kind === "proposed") {
        proposals.push(outcome.proposal.id);
        proposalLines.push(
          `Approval needed (${outcome.proposal.id}): ${input.agent.name} wants to ${outcome.summary}.\nWhy it asks: ${outcome.decision.reason} [${outcome.decision.rule}]`,
        );
        proposalButtons.push([
          { text: "Approve", data: `p:${outcome.proposal.id}:a` },
          { text: "Reject", data: `p:${outcome.proposal.id}:r` },
        ]);
        messages.push({
          role: "tool",
          toolCallId: call.id,
          name: call.name,
          content: `waiting for approval as ${outcome.proposal.id}`,
        });
      } else {
        messages.push({
          role: "tool",
          toolCallId: call.id,
          name: call.name,
          content: outcome.output,
          isError: outcome.kind !== "executed" || !outcome.ok,
        });
      }
    }
    // A pending approval ends the turn: the model is not asked to carry on as if it had happened.
    if (proposals.length > 0) break;
  }

  if (proposals.length > 0) {
    reply = proposalLines.join("\n\n");
    await deps.reply({ ...messageTarget(deps), text: reply, buttons: proposalButtons }, `reply:${turnKey}`);
  } else {
    if (!reply) reply = `I stopped after ${deps.maxSteps} steps without an answer.`;
    await deps.reply({ ...messageTarget(deps), text: reply }, `reply:${turnKey}`);
  }
  return { reply, proposals, steps: step + 1 };
}

/** Without labels from the caller, everything the model reads is untrusted. */
function unlabelledContext(input: TurnInput): ContextItem[] {
  const items: ContextItem[] = input.history.map((message) => ({
    label: "untrusted:thread-memory",
    source: `an unlabelled ${message.role} message`,
    text: message.content,
  }));
  if (input.contextPrompt) {
    items.push({
      label: "untrusted:thread-memory",
      source: "the thread's memory",
      text: input.contextPrompt,
    });
  }
  return items;
}

function messageTarget(deps: TurnDeps): { type: "message"; conversationId: string } {
  return { type: "message", conversationId: deps.toolContext.conversationId };
}
