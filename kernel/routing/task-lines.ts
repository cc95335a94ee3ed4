/**
 * The JSON-lines task format the `cairn route` CLI and the routing benchmark read:
 * `{"id", "agent_role", "text", "tools"?: [...], "context_tokens"?: n}` per line.
 */
import { z } from "zod";
import type { RoutingTask } from "./types";

export const taskLineSchema = z.object({
  id: z.union([z.string().min(1), z.number().int()]).transform(String),
  agent_role: z.string().min(1),
  text: z.string().min(1),
  tools: z.array(z.string().min(1)).optional(),
  context_tokens: z.number().int().nonnegative().optional(),
});

/** Fields that annotate a line for evaluation and are not part of the task. */
const ANNOTATION_FIELDS = new Set(["label_tier", "split", "note"]);
const TASK_FIELDS = new Set(Object.keys(taskLineSchema.shape));

export interface TaskLine extends RoutingTask {
  id: string;
  /** 1-based line number in the input, for messages. */
  line: number;
  /** Everything else on the line (labels, notes), untouched. */
  annotations: Record<string, unknown>;
}

export interface TaskLineProblem {
  line: number;
  message: string;
}

/**
 * Parses JSON lines; blank lines are skipped. Each problem names the line and the field.
 *
 * @example
 * parseTaskLines('{"id":"1","agent_role":"sales","text":"ping"}\n{"id":2}')
 * // → { tasks: [ … ], problems: [{ line: 2, message: "line 2: agent_role: … " }], warnings: [] }
 */
export function parseTaskLines(input: string): {
  tasks: TaskLine[];
  problems: TaskLineProblem[];
  warnings: string[];
} {
  const tasks: TaskLine[] = [];
  const problems: TaskLineProblem[] = [];
  const warnings: string[] = [];
  input.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      problems.push({ line, message: `line ${line}: not valid JSON (${(error as Error).message})` });
      return;
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      problems.push({ line, message: `line ${line}: expected a JSON object` });
      return;
    }
    const parsed = taskLineSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join(".") || "(line)";
      problems.push({ line, message: `line ${line}: ${field}: ${issue?.message ?? "invalid"}` });
      return;
    }
    const annotations: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) {
      if (TASK_FIELDS.has(key)) continue;
      if (!ANNOTATION_FIELDS.has(key)) warnings.push(`line ${line}: ignoring unknown field "${key}"`);
      annotations[key] = field;
    }
    const task = parsed.data;
    tasks.push({
      id: task.id,
      line,
      agentRole: task.agent_role,
      text: task.text,
      tools: task.tools,
      contextTokens: task.context_tokens,
      annotations,
    });
  });
  return { tasks, problems, warnings };
}
