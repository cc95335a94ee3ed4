/**
 * When an agent's cycles fall due, and which single cycle to run after a gap.
 *
 * Slots are fixed points in time: interval schedules are anchored to the Unix epoch (a 15m agent
 * runs at :00, :15, :30, :45 UTC) and cron schedules to their expression. Because a slot does not
 * depend on when the previous cycle happened to run, the cycle id derived from it is the same on
 * every retry of a delivered-at-least-once alarm, which is what makes it usable as an idempotency key.
 */
import { Cron } from "croner";
import { durationMs } from "./duration";
import type { Schedule } from "./schema";

function cronFor(schedule: { cron: string; timezone?: string }): Cron {
  // Paused and without a callback: croner only computes dates and arms no timer.
  return new Cron(schedule.cron, { paused: true, mode: "5-part", timezone: schedule.timezone });
}

/**
 * The first slot strictly after `after`.
 * @example nextRunAt({ every: "15m" }, new Date("2026-01-05T08:07:00Z")) // 2026-01-05T08:15:00Z
 */
export function nextRunAt(schedule: Schedule, after: Date): Date {
  if ("every" in schedule) {
    const interval = durationMs(schedule.every);
    return new Date((Math.floor(after.getTime() / interval) + 1) * interval);
  }
  const next = cronFor(schedule).nextRun(after);
  // The schema refuses expressions that never fire, so this only trips on an unvalidated schedule.
  if (!next) throw new Error(`cron "${schedule.cron}" has no run after ${after.toISOString()}`);
  return next;
}

/** The latest slot at or before `at`, or `undefined` if the schedule has none (a cron for a future year). */
export function latestSlotAtOrBefore(schedule: Schedule, at: Date): Date | undefined {
  if ("every" in schedule) {
    const interval = durationMs(schedule.every);
    return new Date(Math.floor(at.getTime() / interval) * interval);
  }
  const cron = cronFor(schedule);
  // previousRuns may leave out a slot in the same minute as the reference, so step forward from
  // the one it returns until the next one would be in the future.
  let slot = cron.previousRuns(1, at)[0];
  if (!slot) return undefined;
  for (let next = cron.nextRun(slot); next && next.getTime() <= at.getTime(); next = cron.nextRun(next)) {
    slot = next;
  }
  return slot;
}

/**
 * A deterministic cycle id: the same scope and slot always give the same id.
 * @param scope who runs the cycle, e.g. `${tenantId}/${agentId}`
 */
export function cycleIdFor(scope: string, slot: Date): string {
  return `${scope}@${slot.toISOString()}`;
}

export interface DueCycle {
  cycleId: string;
  /** The slot this cycle stands for (the latest one that has passed). */
  slot: Date;
  /** Earlier slots since the last run that this one cycle covers instead of running each. */
  coalescedSlots: number;
}

export interface CycleDecision {
  /** The one cycle to run now, or `undefined` when the latest slot has already been run. */
  due: DueCycle | undefined;
  /** When to wake next (arm the alarm for this). */
  nextAt: Date;
}

/** Counting coalesced cron slots walks them one by one; past this many the exact number is moot. */
const maxCountedSlots = 10_000;

function slotsBetween(schedule: Schedule, afterExclusive: Date, untilInclusive: Date): number {
  if ("every" in schedule) {
    const interval = durationMs(schedule.every);
    return Math.floor(untilInclusive.getTime() / interval) - Math.floor(afterExclusive.getTime() / interval);
  }
  const cron = cronFor(schedule);
  let count = 0;
  for (
    let next = cron.nextRun(afterExclusive);
    next && next.getTime() <= untilInclusive.getTime() && count < maxCountedSlots;
    next = cron.nextRun(next)
  ) {
    count++;
  }
  return count;
}

/**
 * The missed-cycle rule. After any gap (eviction, a late alarm, a deploy) exactly one cycle is
 * due — the one for the latest slot that has passed — never one per missed slot and never none.
 *
 * @param lastRunSlot the slot of the last cycle that was started (or any time at or after it),
 *   `null` for an agent that has never run: it then owes its latest slot, so a new agent runs once on its first wake.
 * @param now the injected clock
 * @param scope prefix of the cycle id, e.g. `${tenantId}/${agentId}`
 * @example
 * decideCycle({ every: "15m" }, new Date("2026-01-05T08:00Z"), new Date("2026-01-05T09:10Z"), "t1/finance")
 * // → due: { cycleId: "t1/finance@2026-01-05T09:00:00.000Z", coalescedSlots: 3 }, nextAt 09:15
 */
export function decideCycle(
  schedule: Schedule,
  lastRunSlot: Date | null,
  now: Date,
  scope: string,
): CycleDecision {
  const nextAt = nextRunAt(schedule, now);
  const slot = latestSlotAtOrBefore(schedule, now);
  if (!slot || (lastRunSlot && slot.getTime() <= lastRunSlot.getTime())) return { due: undefined, nextAt };
  const coalescedSlots = lastRunSlot ? slotsBetween(schedule, lastRunSlot, slot) - 1 : 0;
  return {
    due: { cycleId: cycleIdFor(scope, slot), slot, coalescedSlots: Math.max(0, coalescedSlots) },
    nextAt,
  };
}
