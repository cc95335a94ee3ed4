/**
 * The T0 handlers: answers that need no model. Each either answers (with any effect the worker
 * must carry out, such as scheduling a reminder) or declines with a reason — a decline is a
 * validation failure at T0, and the cascade hands the message to T1.
 */
import { parseReminderTime, type Recurrence } from "./reminder-time.js";
import type { DeterministicHandler } from "./types.js";

/** Everything a handler may read; the worker supplies it from D1 and the Durable Objects. */
export interface DeterministicContext {
  now: number;
  /** The tenant's UTC offset in minutes (e.g. 60 for CET), for reading "tomorrow at 9". */
  utcOffsetMinutes: number;
  /** Component health as the worker measured it, e.g. { gateway: "ok", queue: "degraded" }. */
  health(): Promise<Record<string, string>>;
  /** Status of one record by id ("INV-2291", "4812"), or undefined when there is no such record. */
  lookupStatus(id: string): Promise<{ kind: string; status: string } | undefined>;
  listOpenTasks(): Promise<{ id: string; title: string; due?: string }[]>;
}

export type DeterministicEffect = {
  type: "schedule_reminder";
  text: string;
  dueAt: number;
  recurrence?: Recurrence;
  /** Who is to be reminded: "me", "us", "the team", "@handle". */
  audience: string;
};

export type DeterministicOutcome =
  | { kind: "answered"; text: string; effects: DeterministicEffect[] }
  | { kind: "declined"; reason: string };

/** The first token that carries a digit: "#4812" → "4812", "INV-2291", "D-1089", "55812". */
const ID_PATTERN = /(?:^|[\s#])([A-Za-z]+-\d[\w-]*|\d[\w-]*)/;

async function answerHealth(context: DeterministicContext): Promise<DeterministicOutcome> {
  const components = Object.entries(await context.health());
  if (components.length === 0) return { kind: "declined", reason: "no health data available" };
  const unhealthy = components.filter(([, state]) => state !== "ok");
  const text =
    unhealthy.length === 0
      ? `All systems are up (${components.map(([name]) => name).join(", ")}).`
      : `Not everything is healthy: ${unhealthy.map(([name, state]) => `${name} is ${state}`).join(", ")}.`;
  return { kind: "answered", text, effects: [] };
}

async function answerStatus(text: string, context: DeterministicContext): Promise<DeterministicOutcome> {
  const id = ID_PATTERN.exec(text.trim())?.[1]?.replace(/[?!.]+$/, "");
  if (!id) return { kind: "declined", reason: "no record id in the question" };
  const record = await context.lookupStatus(id);
  if (!record) return { kind: "declined", reason: `no record ${id} found` };
  return { kind: "answered", text: `${record.kind} ${id}: ${record.status}.`, effects: [] };
}

async function answerTaskList(context: DeterministicContext): Promise<DeterministicOutcome> {
  const tasks = await context.listOpenTasks();
  if (tasks.length === 0) return { kind: "answered", text: "You have no open tasks.", effects: [] };
  const lines = tasks.map((task) => `• ${task.title}${task.due ? ` (due ${task.due})` : ""} [${task.id}]`);
  return { kind: "answered", text: `Open tasks (${tasks.length}):\n${lines.join("\n")}`, effects: [] };
}

const REMINDER_PATTERNS = [
  /^remind (me|us|the team|@\w+) (?:to|about|that) (.+)$/i,
  /^(?:set|create|add) a reminder (?:for (me|us|the team|@\w+) )?(?:to|for) (.+)$/i,
];

function answerReminder(text: string, context: DeterministicContext): DeterministicOutcome {
  const trimmed = text.trim().replace(/[.!]+$/, "");
  for (const pattern of REMINDER_PATTERNS) {
    const match = pattern.exec(trimmed);
    if (!match) continue;
    const audience = (match[1] ?? "me").toLowerCase();
    const rest = match[2] ?? "";
    const when = parseReminderTime(rest, context.now, context.utcOffsetMinutes);
    if (!when) return { kind: "declined", reason: "could not read the time of the reminder" };
    const what = rest.slice(0, rest.length - when.matched.length).trim();
    if (what.length === 0) return { kind: "declined", reason: "the reminder has no subject" };
    const effect: DeterministicEffect = {
      type: "schedule_reminder",
      text: what,
      dueAt: when.dueAt,
      audience,
    };
    if (when.recurrence) effect.recurrence = when.recurrence;
    const due = new Date(when.dueAt + context.utcOffsetMinutes * 60_000)
      .toISOString()
      .slice(0, 16)
      .replace("T", " ");
    const repeat = when.recurrence ? `, repeating every ${when.recurrence.every}` : "";
    return { kind: "answered", text: `Reminder set for ${due}${repeat}: ${what}.`, effects: [effect] };
  }
  return { kind: "declined", reason: "not a reminder this handler can read" };
}

/**
 * Runs the handler the router chose.
 *
 * @example
 * await answerDeterministically("acknowledgement", "thanks!", context)
 * // → { kind: "answered", text: "👍", effects: [] }
 */
export async function answerDeterministically(
  handler: DeterministicHandler,
  text: string,
  context: DeterministicContext,
): Promise<DeterministicOutcome> {
  switch (handler) {
    case "health_check":
      return answerHealth(context);
    case "status_query":
      return answerStatus(text, context);
    case "task_list":
      return answerTaskList(context);
    case "reminder":
      return answerReminder(text, context);
    case "acknowledgement":
      // Neutral on purpose: the same words acknowledge thanks ("thanks!") and news ("done").
      return { kind: "answered", text: "👍", effects: [] };
  }
}
