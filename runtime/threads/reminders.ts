/**
 * Reminders set at T0 ("remind me to call Jonas tomorrow at 11"): the handler's
 * `schedule_reminder` effect becomes a row in the thread's schedules (its SQLite, its one alarm),
 * and when the alarm fires the reminder is posted to the chat it was set in. A repeating reminder
 * moves its own timer to the next occurrence. The timer key comes from the model call's key, so
 * a retried turn moves the same timer instead of adding a second; the send's idempotency key
 * carries the due time, so a re-delivered alarm posts each occurrence once. "List my reminders"
 * and "cancel reminder 2" read and delete the same rows.
 */
import { z } from "zod";
import type { OutboundPayload } from "../../channels/message";
import type { ScheduleRow, Schedules } from "../../durable-objects/schedules";
import type { ReminderSummary, ScheduleReminderEffect } from "../../kernel/routing/deterministic-handlers";
import { nextOccurrence } from "../../kernel/routing/reminder-time";

export const REMINDER_TIMER = "reminder";

const reminderPayloadSchema = z.object({
  text: z.string().min(1),
  audience: z.string().min(1),
  conversationId: z.string().min(1),
  utcOffsetMinutes: z.number().int(),
  recurrence: z
    .discriminatedUnion("every", [
      z.object({ every: z.literal("day") }),
      z.object({ every: z.literal("week"), weekday: z.number().int().min(0).max(6) }),
      z.object({ every: z.literal("month"), dayOfMonth: z.number().int().min(1).max(31) }),
    ])
    .optional(),
});
type ReminderPayload = z.infer<typeof reminderPayloadSchema>;

/** Stores the reminder (or moves it, for the same key) and arms the thread's alarm. */
export async function scheduleReminder(
  timers: Schedules,
  key: string,
  effect: ScheduleReminderEffect,
  where: { conversationId: string; utcOffsetMinutes: number },
): Promise<void> {
  const payload: ReminderPayload = {
    text: effect.text,
    audience: effect.audience,
    conversationId: where.conversationId,
    utcOffsetMinutes: where.utcOffsetMinutes,
    ...(effect.recurrence ? { recurrence: effect.recurrence } : {}),
  };
  await timers.put(`reminder:${key}`, REMINDER_TIMER, effect.dueAt, payload);
}

/** This thread's reminders, earliest first: the order "cancel reminder 2" counts in. */
export function listReminders(timers: Schedules): ReminderSummary[] {
  return timers.list().flatMap((row) => {
    if (row.kind !== REMINDER_TIMER) return [];
    const payload = reminderPayloadSchema.safeParse(row.payload);
    if (!payload.success) return [];
    const { text, recurrence } = payload.data;
    return [{ key: row.key, text, dueAt: row.dueAt, ...(recurrence ? { recurrence } : {}) }];
  });
}

/** Cancels one reminder (a repeating one with all later occurrences); other timers are left alone. */
export async function cancelReminder(timers: Schedules, key: string): Promise<void> {
  if (timers.get(key)?.kind !== REMINDER_TIMER) return;
  await timers.cancel(key);
}

/** "me" is whoever set it; anyone else is named, so a group chat knows who it is for. */
export function reminderText(payload: Pick<ReminderPayload, "text" | "audience">): string {
  const who = payload.audience === "me" ? "" : ` for ${payload.audience}`;
  return `⏰ Reminder${who}: ${payload.text}`;
}

/** The alarm's handler for one due reminder; safe to run twice. */
export async function fireReminder(
  row: ScheduleRow,
  deps: { timers: Schedules; send(payload: OutboundPayload, key: string): Promise<void> },
): Promise<void> {
  const payload = reminderPayloadSchema.parse(row.payload);
  await deps.send(
    { type: "message", conversationId: payload.conversationId, text: reminderText(payload) },
    `${row.key}:${row.dueAt}`,
  );
  if (payload.recurrence) {
    const next = nextOccurrence(payload.recurrence, row.dueAt, payload.utcOffsetMinutes);
    await deps.timers.put(row.key, REMINDER_TIMER, next, payload);
  }
}
