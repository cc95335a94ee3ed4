/**
 * Reads the "when" of a reminder without a model: "tomorrow at 3pm", "on Friday at 10am",
 * "in 20 minutes", "every Monday at 9", "on the 1st", "by Friday". Anything it cannot read with
 * certainty returns undefined, so the T0 handler declines and the cascade hands the message to T1
 * rather than guessing a time.
 */

export type Recurrence =
  | { every: "day" }
  | { every: "week"; weekday: number }
  | { every: "month"; dayOfMonth: number };

export interface ReminderTime {
  /** First due time, epoch milliseconds (UTC). */
  dueAt: number;
  recurrence?: Recurrence;
  /** The words that were read as the time, removed from the reminder text. */
  matched: string;
}

const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** A date without a time means the start of the working day; "by <day>" means its end. */
const DEFAULT_HOUR = 9;
const END_OF_DAY_HOUR = 17;
const TONIGHT_HOUR = 20;

function weekdayIndex(word: string): number | undefined {
  const index = WEEKDAYS.indexOf(word.slice(0, 3).toLowerCase());
  return index >= 0 ? index : undefined;
}

/** "3pm" → 15:00, "15:30" → 15:30, "9" → 09:00, "12am" → 00:00; undefined if not a time. */
function timeOfDay(text: string): { hour: number; minute: number } | undefined {
  const match = /^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$/i.exec(text.trim());
  if (!match) return undefined;
  let hour = Number(match[1]);
  const minute = Number(match[2] ?? 0);
  const meridiem = match[3]?.toLowerCase();
  if (meridiem === "pm" && hour < 12) hour += 12;
  if (meridiem === "am" && hour === 12) hour = 0;
  // "at 3" with neither am nor pm, said at work, is the afternoon; "at 7" or later is the morning.
  if (meridiem === undefined && match[2] === undefined && hour >= 1 && hour <= 6) hour += 12;
  if (hour > 23 || minute > 59) return undefined;
  return { hour, minute };
}

/** Local wall-clock parts of an instant in a fixed UTC offset. */
function local(instant: number, offsetMinutes: number): Date {
  return new Date(instant + offsetMinutes * MINUTE);
}

/** The UTC instant of a local date (from `local`) at the given local time. */
function atLocalTime(localDay: Date, hour: number, minute: number, offsetMinutes: number): number {
  const utcMidnight = Date.UTC(localDay.getUTCFullYear(), localDay.getUTCMonth(), localDay.getUTCDate());
  return utcMidnight + (hour * 60 + minute) * MINUTE - offsetMinutes * MINUTE;
}

function nextWeekday(now: number, weekday: number, hour: number, minute: number, offset: number): number {
  const today = local(now, offset);
  for (let ahead = 0; ahead <= 7; ahead++) {
    const day = new Date(today.getTime() + ahead * DAY);
    if (day.getUTCDay() !== weekday) continue;
    const due = atLocalTime(day, hour, minute, offset);
    if (due > now) return due;
  }
  return atLocalTime(new Date(today.getTime() + 7 * DAY), hour, minute, offset);
}

function nextDayOfMonth(
  now: number,
  dayOfMonth: number,
  hour: number,
  minute: number,
  offset: number,
): number | undefined {
  if (dayOfMonth < 1 || dayOfMonth > 31) return undefined;
  const today = local(now, offset);
  for (let months = 0; months < 12; months++) {
    const candidate = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + months, dayOfMonth));
    if (candidate.getUTCDate() !== dayOfMonth) continue; // e.g. the 31st in a 30-day month
    const due = atLocalTime(candidate, hour, minute, offset);
    if (due > now) return due;
  }
  return undefined;
}

const TIME = String.raw`(\d{1,2}(?::\d{2})?\s*(?:am|pm)?)`;
const DAY_NAME = "(mon|tue|wed|thu|fri|sat|sun)[a-z]*";

/**
 * Finds the time expression at the end of a reminder.
 *
 * @example
 * parseReminderTime("call Anna tomorrow at 3pm", Date.parse("2026-11-25T10:00:00Z"), 0)
 * // → { dueAt: Date.parse("2026-11-26T15:00:00Z"), matched: "tomorrow at 3pm" }
 */
export function parseReminderTime(
  text: string,
  now: number,
  offsetMinutes: number,
): ReminderTime | undefined {
  const t = text.trim().replace(/[.!]+$/, "");
  const at = (raw: string | undefined, fallbackHour = DEFAULT_HOUR) =>
    raw === undefined ? { hour: fallbackHour, minute: 0 } : timeOfDay(raw);
  let match = /\bin (\d+) (min(?:ute)?|hour|day|week)s?$/i.exec(t);
  if (match) {
    const unit = match[2]!.toLowerCase();
    const size = unit.startsWith("min")
      ? MINUTE
      : unit === "hour"
        ? 60 * MINUTE
        : unit === "day"
          ? DAY
          : 7 * DAY;
    return { dueAt: now + Number(match[1]) * size, matched: match[0] };
  }
  match = new RegExp(
    String.raw`\bevery (day|${DAY_NAME}|month on the (\d{1,2})(?:st|nd|rd|th)?)(?: at ${TIME})?$`,
    "i",
  ).exec(t);
  if (match) {
    const time = at(match[4]);
    if (!time) return undefined;
    const what = match[1]!.toLowerCase();
    if (what === "day") {
      const today = local(now, offsetMinutes);
      let due = atLocalTime(today, time.hour, time.minute, offsetMinutes);
      if (due <= now) due += DAY;
      return { dueAt: due, recurrence: { every: "day" }, matched: match[0] };
    }
    if (match[3] !== undefined) {
      const dayOfMonth = Number(match[3]);
      const due = nextDayOfMonth(now, dayOfMonth, time.hour, time.minute, offsetMinutes);
      return due === undefined
        ? undefined
        : { dueAt: due, recurrence: { every: "month", dayOfMonth }, matched: match[0] };
    }
    const weekday = weekdayIndex(what);
    if (weekday === undefined) return undefined;
    const due = nextWeekday(now, weekday, time.hour, time.minute, offsetMinutes);
    return { dueAt: due, recurrence: { every: "week", weekday }, matched: match[0] };
  }
  match = new RegExp(String.raw`\bby (eod|end of day|${DAY_NAME})$`, "i").exec(t);
  if (match) {
    const word = match[1]!.toLowerCase();
    const weekday =
      word === "eod" || word === "end of day" ? local(now, offsetMinutes).getUTCDay() : weekdayIndex(word);
    if (weekday === undefined) return undefined;
    return { dueAt: nextWeekday(now, weekday, END_OF_DAY_HOUR, 0, offsetMinutes), matched: match[0] };
  }
  match = new RegExp(
    String.raw`\b(today|tonight|tomorrow|(?:on |next )?${DAY_NAME}|on the (\d{1,2})(?:st|nd|rd|th)?)(?:,? (?:at )?${TIME})?$|\bat ${TIME}(?: (today|tonight|tomorrow|(?:on |next )?${DAY_NAME}))?$`,
    "i",
  ).exec(t);
  if (!match) return undefined;
  const dayWord = (match[1] ?? match[6] ?? "today").toLowerCase().replace(/^(on|next) /, "");
  const time = at(match[4] ?? match[5], dayWord === "tonight" ? TONIGHT_HOUR : DEFAULT_HOUR);
  if (!time) return undefined;
  const today = local(now, offsetMinutes);
  if (match[3] !== undefined) {
    const due = nextDayOfMonth(now, Number(match[3]), time.hour, time.minute, offsetMinutes);
    return due === undefined ? undefined : { dueAt: due, matched: match[0] };
  }
  if (dayWord === "today" || dayWord === "tonight" || dayWord === "tomorrow") {
    const day = dayWord === "tomorrow" ? new Date(today.getTime() + DAY) : today;
    const due = atLocalTime(day, time.hour, time.minute, offsetMinutes);
    // "at 9" said at 10:00 means tomorrow at 9, not a reminder in the past.
    return { dueAt: due > now ? due : due + DAY, matched: match[0] };
  }
  const weekday = weekdayIndex(dayWord);
  if (weekday === undefined) return undefined;
  return { dueAt: nextWeekday(now, weekday, time.hour, time.minute, offsetMinutes), matched: match[0] };
}

/**
 * When a repeating reminder is due next, after it fired at `dueAt`: the same local time the next
 * day, the same weekday next week, or the same day of the next month that has it (the 31st skips
 * 30-day months).
 *
 * @example
 * nextOccurrence({ every: "week", weekday: 1 }, Date.parse("2026-11-30T09:00:00Z"), 0)
 * // → Date.parse("2026-12-07T09:00:00Z")
 */
export function nextOccurrence(recurrence: Recurrence, dueAt: number, offsetMinutes: number): number {
  if (recurrence.every === "day") return dueAt + DAY;
  if (recurrence.every === "week") return dueAt + 7 * DAY;
  const at = local(dueAt, offsetMinutes);
  const next = nextDayOfMonth(
    dueAt,
    recurrence.dayOfMonth,
    at.getUTCHours(),
    at.getUTCMinutes(),
    offsetMinutes,
  );
  // A valid day of month always recurs within a year; the fallback only guards bad stored data.
  return next ?? dueAt + 31 * DAY;
}
