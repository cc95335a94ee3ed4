/**
 * The T0 handlers: answers that need no model. Each either answers (with any effect the worker
 * must carry out, such as scheduling a reminder) or declines with a reason — a decline is a
 * validation failure at T0, and the cascade hands the message to T1.
 */
import { parseReminderTime, type Recurrence } from "./reminder-time";
import type { DeterministicHandler } from "./types";

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
  /** The reminders set in this chat, earliest first (the order their numbers refer to). */
  listReminders(): Promise<ReminderSummary[]>;
}

export interface ReminderSummary {
  /** The timer's key: what a cancel names. */
  key: string;
  text: string;
  dueAt: number;
  recurrence?: Recurrence;
}

export interface ScheduleReminderEffect {
  type: "schedule_reminder";
  text: string;
  dueAt: number;
  recurrence?: Recurrence;
  /** Who is to be reminded: "me", "us", "the team", "@handle". */
  audience: string;
}

export type DeterministicEffect = ScheduleReminderEffect | { type: "cancel_reminder"; key: string };

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
  // The time first: "remind me at 3 to ring the Ashworths back"; the subject is the third group.
  /^remind (me|us|the team|@\w+) ((?:at|on|in|next|tomorrow|today|tonight|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*)\b.{0,30}?) (?:to|about|that) (.+)$/i,
  /^(?:set|create|add) a reminder (?:for (me|us|the team|@\w+) )?(?:to|for) (.+)$/i,
];

const REMINDER_LIST = /^(?:list|show|what are|what reminders)\b/i;
const REMINDER_CANCEL_ALL = /^(?:cancel|delete|remove|clear) all\b/i;
const REMINDER_CANCEL =
  /^(?:cancel|delete|remove|stop|clear) (?:the |my |our )?reminder (?:#?(\d{1,3})|(?:about|to|for) (.+))$/i;

function localTime(at: number, utcOffsetMinutes: number): string {
  return new Date(at + utcOffsetMinutes * 60_000).toISOString().slice(0, 16).replace("T", " ");
}

function describeReminder(reminder: ReminderSummary, utcOffsetMinutes: number): string {
  const repeat = reminder.recurrence ? `, repeating every ${reminder.recurrence.every}` : "";
  return `${localTime(reminder.dueAt, utcOffsetMinutes)}${repeat}: ${reminder.text}`;
}

/** "2. 2026-11-30 09:00: …": the number a cancel refers to is the reminder's place in the list. */
function numberedReminder(reminders: ReminderSummary[], reminder: ReminderSummary, offset: number): string {
  return `${reminders.indexOf(reminder) + 1}. ${describeReminder(reminder, offset)}`;
}

const NO_REMINDERS: DeterministicOutcome = {
  kind: "answered",
  text: "No reminders are set in this chat.",
  effects: [],
};

async function listReminders(context: DeterministicContext): Promise<DeterministicOutcome> {
  const reminders = await context.listReminders();
  if (reminders.length === 0) return NO_REMINDERS;
  const lines = reminders.map((reminder) => numberedReminder(reminders, reminder, context.utcOffsetMinutes));
  return {
    kind: "answered",
    text: `Reminders in this chat (${reminders.length}):\n${lines.join("\n")}\nTo cancel one: "cancel reminder 1".`,
    effects: [],
  };
}

/**
 * "cancel reminder 2" (its number in the list), "cancel the reminder about Jonas" (words of its
 * text; it must name exactly one), "cancel all reminders". A repeating reminder is cancelled with
 * all its later occurrences. Nothing matching is an answer, not a decline: a model has nothing
 * better to say about a reminder this chat does not have.
 */
async function cancelReminders(
  which: "all" | RegExpExecArray,
  context: DeterministicContext,
): Promise<DeterministicOutcome> {
  const reminders = await context.listReminders();
  const cancel = (chosen: ReminderSummary[], what: string): DeterministicOutcome => ({
    kind: "answered",
    text: `${what}:\n${chosen.map((r) => `• ${describeReminder(r, context.utcOffsetMinutes)}`).join("\n")}`,
    effects: chosen.map((r) => ({ type: "cancel_reminder", key: r.key })),
  });
  if (which === "all")
    return reminders.length === 0
      ? NO_REMINDERS
      : cancel(reminders, `Cancelled all ${reminders.length} reminder(s)`);
  const match = which;
  if (match[1]) {
    const reminder = reminders[Number(match[1]) - 1];
    if (!reminder)
      return {
        kind: "answered",
        text: `There is no reminder ${match[1]}; this chat has ${reminders.length}. Say "list my reminders" to see them.`,
        effects: [],
      };
    return cancel([reminder], `Cancelled reminder ${match[1]}`);
  }
  const words = (match[2] ?? "").toLowerCase();
  const found = reminders.filter((r) => r.text.toLowerCase().includes(words));
  if (found.length === 1) return cancel(found, "Cancelled the reminder");
  if (found.length === 0)
    return { kind: "answered", text: `No reminder in this chat is about "${match[2]}".`, effects: [] };
  return {
    kind: "answered",
    text: `${found.length} reminders are about "${match[2]}"; cancel one by its number:\n${found
      .map((r) => numberedReminder(reminders, r, context.utcOffsetMinutes))
      .join("\n")}`,
    effects: [],
  };
}

async function answerReminder(text: string, context: DeterministicContext): Promise<DeterministicOutcome> {
  const trimmed = text.trim().replace(/[.!?]+$/, "");
  if (REMINDER_LIST.test(trimmed)) return listReminders(context);
  const cancel = REMINDER_CANCEL_ALL.test(trimmed) ? "all" : REMINDER_CANCEL.exec(trimmed);
  if (cancel) return cancelReminders(cancel, context);
  for (const pattern of REMINDER_PATTERNS) {
    const match = pattern.exec(trimmed);
    if (!match) continue;
    const audience = (match[1] ?? "me").toLowerCase();
    // With the time first, the time must be all of what came before the subject.
    const timeFirst = match[3] !== undefined;
    const rest = match[2] ?? "";
    const when = parseReminderTime(rest, context.now, context.utcOffsetMinutes);
    if (timeFirst && when?.matched !== rest) continue;
    if (!when) return { kind: "declined", reason: "could not read the time of the reminder" };
    const what = (timeFirst ? (match[3] ?? "") : rest.slice(0, rest.length - when.matched.length)).trim();
    if (what.length === 0) return { kind: "declined", reason: "the reminder has no subject" };
    const effect: DeterministicEffect = {
      type: "schedule_reminder",
      text: what,
      dueAt: when.dueAt,
      audience,
    };
    if (when.recurrence) effect.recurrence = when.recurrence;
    const due = localTime(when.dueAt, context.utcOffsetMinutes);
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
