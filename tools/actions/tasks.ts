/**
 * Task actions: create, update and close a task on the board. Each is reversible while nobody
 * else has touched the task since: the inverse checks the version it left behind.
 */
import { z } from "zod";
import type { TaskChanges } from "../ports";
import { requireServices, type Snapshot, type Tool } from "../types";

const TaskId = z.string().regex(/^[a-z]+_[a-z0-9_]+$/, "a task id such as tsk_...");

const CreateTaskInput = z.strictObject({
  title: z.string().min(1).max(200),
  description: z.string().max(4000).default(""),
  priority: z.number().int().min(1).max(5).default(3),
});
type CreateTaskInput = z.infer<typeof CreateTaskInput>;

const taskAction = (agentId: string) => [{ kind: "tool" as const, agentId, tool: "task" }];

export const createTaskTool: Tool<CreateTaskInput> = {
  name: "create_task",
  description:
    "Create a task on the team's board. A task that duplicates an open one is merged into it as a comment instead.",
  input: CreateTaskInput,
  risk: "low",
  reversible: true,
  actions: (_input, context) => taskAction(context.agentId),
  describe: (input) => `create the task "${input.title}"`,
  subject: () => ({ target: "task:new", entityRefs: [] }),
  async execute(input, context) {
    const services = requireServices(context, "create_task");
    const filed = await services.tasks.create({
      id: `tsk_${context.callKey}`.toLowerCase(),
      title: input.title,
      description: input.description,
      priority: input.priority,
      createdBy: `agent:${context.agentId}`,
    });
    const { task } = filed;
    // A duplicate is not an error: the work is on the board, once, with this request as a comment.
    return filed.merged
      ? {
          ok: true,
          output: `not created: it duplicates open task ${task.id} (${task.title}), which now carries it as a comment. Reason: ${filed.reason}`,
        }
      : { ok: true, output: `created task ${task.id}: ${task.title}` };
  },
  async inverse(_input, _snapshot, context) {
    const services = requireServices(context, "create_task");
    const id = `tsk_${context.callKey}`.toLowerCase();
    const task = await services.tasks.find(id);
    // A merged request created nothing under its id: there is nothing of its own to remove.
    if (!task) return { ok: true, output: `task ${id} is already gone (or was merged, never created)` };
    const removed = await services.tasks.remove(id, task.version);
    return removed && task.version === 0
      ? { ok: true, output: `deleted task ${id}` }
      : { ok: false, output: `task ${id} changed since it was created; left in place` };
  },
};

const UpdateTaskInput = z.strictObject({
  taskId: TaskId,
  title: z.string().min(1).max(200).optional(),
  description: z.string().max(4000).optional(),
  priority: z.number().int().min(1).max(5).optional(),
  ownerAgentId: z.string().min(1).max(64).nullable().optional(),
});
type UpdateTaskInput = z.infer<typeof UpdateTaskInput>;

const CloseTaskInput = z.strictObject({
  taskId: TaskId,
  outcome: z.enum(["done", "cancelled", "failed"]),
});
type CloseTaskInput = z.infer<typeof CloseTaskInput>;

type TaskField = "title" | "description" | "priority" | "ownerAgentId" | "status";

/** Applies `changes` unless they are already in place (a retried execution changes nothing twice). */
async function applyChanges(
  context: Parameters<Tool["execute"]>[1],
  tool: string,
  taskId: string,
  changes: TaskChanges,
) {
  const services = requireServices(context, tool);
  const task = await services.tasks.find(taskId);
  if (!task) return { ok: false, output: `no task ${taskId}` };
  const pending = Object.entries(changes).filter(
    ([field, value]) => value !== undefined && task[field as TaskField] !== value,
  );
  if (pending.length === 0) return { ok: true, output: `task ${taskId} already has these values` };
  const changed = await services.tasks.change(taskId, task.version, Object.fromEntries(pending));
  return changed
    ? {
        ok: true,
        output: `task ${taskId}: ${pending.map(([f, v]) => `${f}=${JSON.stringify(v)}`).join(", ")}`,
      }
    : { ok: false, output: `task ${taskId} changed meanwhile; try again` };
}

/** Records the fields about to change and the version the change will leave behind. */
async function snapshotFields(
  context: Parameters<Tool["execute"]>[1],
  tool: string,
  taskId: string,
  fields: TaskField[],
): Promise<Snapshot> {
  const task = await requireServices(context, tool).tasks.find(taskId);
  if (!task) return null;
  const before: Record<string, Snapshot> = {};
  for (const field of fields) before[field] = task[field];
  return { before, versionAfter: task.version + 1 };
}

const SnapshotSchema = z.object({ before: z.record(z.string(), z.unknown()), versionAfter: z.number() });

async function restoreFields(
  context: Parameters<Tool["execute"]>[1],
  tool: string,
  taskId: string,
  snapshot: Snapshot,
) {
  const parsed = SnapshotSchema.safeParse(snapshot);
  if (!parsed.success) return { ok: false, output: "nothing was recorded to restore" };
  const services = requireServices(context, tool);
  const task = await services.tasks.find(taskId);
  if (!task) return { ok: false, output: `task ${taskId} no longer exists` };
  if (task.version !== parsed.data.versionAfter)
    return { ok: false, output: `task ${taskId} was changed by someone else since; not restored` };
  const restored = await services.tasks.change(taskId, task.version, parsed.data.before as TaskChanges);
  return restored
    ? { ok: true, output: `task ${taskId} restored` }
    : { ok: false, output: `task ${taskId} changed while restoring` };
}

export const updateTaskTool: Tool<UpdateTaskInput> = {
  name: "update_task",
  description: "Change a task's title, description, priority or owner.",
  input: UpdateTaskInput,
  risk: "low",
  reversible: true,
  actions: (_input, context) => taskAction(context.agentId),
  describe: (input) => `update task ${input.taskId}`,
  subject: (input) => ({ target: `task:${input.taskId}`, entityRefs: [] }),
  snapshot: (input, context) =>
    snapshotFields(
      context,
      "update_task",
      input.taskId,
      (["title", "description", "priority", "ownerAgentId"] as const).filter((f) => input[f] !== undefined),
    ),
  execute: (input, context) => {
    const { taskId, ...changes } = input;
    return applyChanges(context, "update_task", taskId, changes);
  },
  inverse: (input, snapshot, context) => restoreFields(context, "update_task", input.taskId, snapshot),
};

export const closeTaskTool: Tool<CloseTaskInput> = {
  name: "close_task",
  description: "Close a task as done, cancelled or failed.",
  input: CloseTaskInput,
  risk: "medium",
  reversible: true,
  actions: (_input, context) => taskAction(context.agentId),
  describe: (input) => `close task ${input.taskId} as ${input.outcome}`,
  subject: (input) => ({ target: `task:${input.taskId}`, entityRefs: [] }),
  snapshot: (input, context) => snapshotFields(context, "close_task", input.taskId, ["status"]),
  execute: (input, context) => applyChanges(context, "close_task", input.taskId, { status: input.outcome }),
  inverse: (input, snapshot, context) => restoreFields(context, "close_task", input.taskId, snapshot),
};
