/**
 * Act: the agent works one claimed task through the same turn machinery a chat message uses
 * (durable-objects/context-thread/agent-turn.ts: model → tool calls through the policy kernel →
 * proposals for what needs approval). The task is the conversation: its thread id is
 * `${tenantId}:task:${taskId}`, the agent's answer and any message "in this conversation" become
 * task comments, and a message to anyone else needs approval like any other.
 *
 * Every effect is keyed by (task, cycle): the turn's cost rows, proposals and comments, so a
 * cycle resumed after an eviction finds its own rows instead of adding second ones.
 */
import type { Database } from "../../db/client";
import { addTaskComment, listTaskComments, transitionTask } from "../../db/queries/task-board";
import { turnSpend } from "../../db/queries/task-outcomes";
import type { TaskRow } from "../../db/queries/tasks";
import type { AgentDefinition } from "../../kernel/agents/schema";
import { auditWriter } from "../../kernel/audit/chain";
import type { Clock } from "../../kernel/clock";
import { sha256Hex } from "../../kernel/digest";
import { createIdSource } from "../../kernel/ids";
import type { Logger } from "../../kernel/log";
import type { ContextItem } from "../../kernel/trust";
import type { WorkspaceStore } from "../../tools/sandbox/just-bash";
import { auditChain } from "../audit-chain";
import { AuditBuffer } from "../turn/audit-buffer";
import type { LoadedPolicy } from "../turn/policy";
import type { CooldownStore } from "../turn/provider-cooldowns";
import { runTurn } from "../turn/turn-engine";
import { turnScopeOf } from "../turn/turn-scope";

export interface WorkResult {
  outcome: "worked" | "failed";
  /** One sentence for the reflection. */
  summary: string;
  costMicros: number;
  tier: string;
  proposals: string[];
}

export interface ActDeps {
  env: Env;
  db: Database;
  tenantId: string;
  agent: AgentDefinition;
  cycleId: string;
  policy: LoadedPolicy;
  workspace: WorkspaceStore;
  /** Provider cooldowns: the loop's own between cycles, shared with the tenant's other objects. */
  cooldowns: CooldownStore;
  clock: Clock;
  logger: Logger;
}

/** A task turn speaks on the task board: its comments are its conversation. */
const TASK_CHANNEL = { id: "task", platform: "task" } as const;

export const taskThreadId = (tenantId: string, taskId: string) => `${tenantId}:task:${taskId}`;

/**
 * The task as the model reads it, and the same text labelled by trust (kernel/trust): the task
 * itself is its author's — an admin's or a member's when a person wrote it through the API,
 * untrusted when an agent or a discovery feed did —; comments and hand-off notes are untrusted.
 */
async function taskPrompt(db: Database, task: TaskRow): Promise<{ prompt: string; context: ContextItem[] }> {
  const comments = await listTaskComments(db, task.tenantId, task.id, 200);
  const recent = comments.slice(-5).map((comment) => `- ${comment.author}: ${comment.body}`);
  const head = [
    `Task ${task.id} (${task.taskType}, priority ${task.priority}): ${task.title}`,
    task.description,
    task.entity ? `It concerns ${task.entity}.` : "",
  ];
  const prompt = [
    ...head,
    task.handoffNote ? `Hand-off note: ${task.handoffNote}` : "",
    recent.length ? `Recent comments:\n${recent.join("\n")}` : "",
    "Work this task with your tools, then say in one or two sentences what you did and what is left.",
  ]
    .filter((line) => line.trim() !== "")
    .join("\n\n");
  const author = task.createdBy;
  const context: ContextItem[] = [
    {
      label: author.startsWith("api:")
        ? "trusted:admin"
        : author.startsWith("user:")
          ? "trusted:member"
          : "untrusted:task-comment",
      source: `the task ${task.id} as ${author} wrote it`,
      text: head.filter((line) => line.trim() !== "").join("\n"),
    },
    ...(task.handoffNote
      ? [
          {
            label: "untrusted:task-comment" as const,
            source: "the task's hand-off note",
            text: task.handoffNote,
          },
        ]
      : []),
    ...comments.slice(-5).map((comment) => ({
      label: "untrusted:task-comment" as const,
      source: `a comment by ${comment.author} on the task`,
      text: comment.body,
    })),
  ];
  return { prompt, context };
}

export async function workTask(deps: ActDeps, task: TaskRow): Promise<WorkResult> {
  const { db, tenantId, agent } = deps;
  const threadId = taskThreadId(tenantId, task.id);
  const effectKey = (await sha256Hex(`${task.id}\n${deps.cycleId}`)).slice(0, 16);
  const actor = `agent:${agent.id}`;
  const comment = (key: string, body: string) =>
    addTaskComment(db, {
      id: `cmt_${effectKey}_${key}`.slice(0, 120),
      tenantId,
      taskId: task.id,
      author: actor,
      kind: "work",
      body,
      at: deps.clock.now(),
    });
  if (task.status === "claimed") {
    await transitionTask(db, {
      tenantId,
      taskId: task.id,
      to: "in_progress",
      actor,
      now: deps.clock.now(),
      commentId: `cmt_${effectKey}_start`,
      leaseHolder: agent.id,
    });
  }
  const ids = createIdSource(deps.clock);
  const audit = new AuditBuffer(
    ids,
    { tenantId, threadId },
    () => deps.clock.now(),
    auditChain(deps.env, tenantId, auditWriter.agentLoop(agent.id)),
  );
  const startedAt = deps.clock.now();
  const spend = async () => {
    const spent = await turnSpend(db, tenantId, threadId, startedAt);
    return { costMicros: spent.costMicros, tier: spent.tier ?? "none" };
  };
  const { prompt, context } = await taskPrompt(db, task);
  try {
    // The same turn engine as a chat turn: routed, budgeted, runaway-guarded, policy-checked.
    const turn = await runTurn(
      turnScopeOf(
        { tenantId, threadId, channel: TASK_CHANNEL, clock: deps.clock, logger: deps.logger },
        agent,
      ),
      {
        env: deps.env,
        db,
        policy: deps.policy,
        audit,
        // Answering "in this conversation" is commenting on the task.
        conversationId: threadId,
        cooldowns: deps.cooldowns,
        // A loop keeps no E2B sandbox between tasks and polls no background jobs.
        sandbox: { workspace: deps.workspace, metadata: { tenant: tenantId, agent: agent.id } },
        async sendMessage(recipient, text, key) {
          // Anyone but the task itself is a real send, which a task turn may not make.
          if (recipient !== threadId) throw new Error("a task turn can only message its own task");
          await comment(key, text);
        },
        reply: async (payload, key) => {
          if (payload.type === "message") await comment(key, payload.text);
        },
        // The task board is where an owner watching this work looks.
        notifyOwner: (text, key) => comment(`owner_${key}`, text),
        // A loop has no chat, so it has no chat reminders to list (or to cancel: no effects here).
        reminders: { list: async () => [] },
      },
      {
        messageKey: `cycle:${deps.cycleId}`,
        taskText: prompt,
        history: [{ role: "user", content: prompt }],
        context,
      },
    );
    await audit.flush(db);
    const waiting = turn.proposals.length > 0;
    await transitionTask(db, {
      tenantId,
      taskId: task.id,
      to: waiting ? "blocked" : "review",
      actor,
      now: deps.clock.now(),
      note: waiting
        ? `waiting for approval of ${turn.proposals.join(", ")}`
        : "worked; the answer is in the comments",
      commentId: `cmt_${effectKey}_end`,
      leaseHolder: agent.id,
    });
    return {
      outcome: "worked",
      summary: waiting
        ? `worked ${task.id} (${task.taskType}); waiting for approval of ${turn.proposals.join(", ")}`
        : `worked ${task.id} (${task.taskType}) in ${turn.steps} step(s); moved to review`,
      ...(await spend()),
      proposals: turn.proposals,
    };
  } catch (error) {
    await audit.flush(db);
    const reason = error instanceof Error ? error.message : String(error);
    // Released at once rather than left to its lease: the failure is known, someone may retry.
    await transitionTask(db, {
      tenantId,
      taskId: task.id,
      to: "new",
      actor,
      now: deps.clock.now(),
      note: `released after a failed attempt: ${reason}`,
      commentId: `cmt_${effectKey}_failed`,
      leaseHolder: agent.id,
    });
    return {
      outcome: "failed",
      summary: `failed on ${task.id} (${task.taskType}): ${reason}`,
      ...(await spend()),
      proposals: [],
    };
  }
}
