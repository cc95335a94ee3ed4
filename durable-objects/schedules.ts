/**
 * Many timers on the one Durable Object alarm. Each schedule is a row (key, kind, due time,
 * JSON payload) in the object's SQLite; the alarm is always armed for the earliest row. Keys are
 * idempotent — putting the same key again moves that timer, never adds a second — and alarms
 * are delivered at least once, so every handler must be safe to run twice.
 *
 * An attempt is counted before its handler runs, so a handler cut short by a crash, an eviction
 * or a deploy counts as well as one that throws. A handler that throws keeps its row and is
 * retried with back-off. After MAX_ATTEMPTS the timer gives up: its kind's give-up handler ends
 * the work visibly (a proposal marked failed and the person told, say), the row is dropped and
 * the error logged, so one poisoned timer cannot wedge the others.
 */
import { log } from "../kernel/log";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS schedules (
  key TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  due_at INTEGER NOT NULL,
  payload TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS schedules_due ON schedules (due_at);
`;

export const MAX_ATTEMPTS = 8;

export interface ScheduleRow {
  key: string;
  kind: string;
  dueAt: number;
  payload: unknown;
  attempts: number;
}

export type ScheduleHandler = (row: ScheduleRow) => Promise<void>;
/** Ends a timer's work that will not be tried again; `reason` is the last error, or the interruptions. */
export type GiveUpHandler = (row: ScheduleRow, reason: string) => Promise<void>;

interface AlarmStorage {
  setAlarm(at: number): Promise<void>;
  deleteAlarm(): Promise<void>;
}

export class Schedules {
  constructor(
    private readonly sql: SqlStorage,
    private readonly alarm: AlarmStorage,
  ) {
    sql.exec(SCHEMA);
  }

  /** Sets (or moves) the timer `key` and re-arms the alarm. */
  async put(key: string, kind: string, dueAt: number, payload: unknown): Promise<void> {
    this.sql.exec(
      `INSERT INTO schedules (key, kind, due_at, payload, attempts) VALUES (?, ?, ?, ?, 0)
       ON CONFLICT(key) DO UPDATE SET kind = excluded.kind, due_at = excluded.due_at, payload = excluded.payload, attempts = 0`,
      key,
      kind,
      dueAt,
      JSON.stringify(payload ?? null),
    );
    await this.arm();
  }

  async cancel(key: string): Promise<void> {
    this.sql.exec("DELETE FROM schedules WHERE key = ?", key);
    await this.arm();
  }

  get(key: string): ScheduleRow | undefined {
    return this.rows("SELECT * FROM schedules WHERE key = ?", key)[0];
  }

  list(): ScheduleRow[] {
    return this.rows("SELECT * FROM schedules ORDER BY due_at, key");
  }

  /**
   * Runs every timer due at `now`, earliest first, each by its kind's handler; then arms the
   * alarm for what is left. A kind with no handler is kept (a newer deployment may know it).
   * `giveUp` names, per kind, how to end work out of attempts.
   */
  async runDue(
    now: number,
    handlers: Record<string, ScheduleHandler>,
    giveUp: Record<string, GiveUpHandler> = {},
  ): Promise<number> {
    let ran = 0;
    for (const row of this.rows("SELECT * FROM schedules WHERE due_at <= ? ORDER BY due_at, key", now)) {
      const handler = handlers[row.kind];
      if (!handler) continue;
      if (row.attempts >= MAX_ATTEMPTS) {
        // Every attempt was counted and none finished: each was cut short before it could say why.
        await this.abandon(row, `interrupted ${row.attempts} times before it finished`, giveUp);
        continue;
      }
      const attempt = { ...row, attempts: row.attempts + 1 };
      this.sql.exec("UPDATE schedules SET attempts = ? WHERE key = ?", attempt.attempts, row.key);
      try {
        await handler(attempt);
        // Delete only the version that ran: the handler may have moved its own timer (a put
        // resets the attempts, so the moved row no longer matches).
        this.sql.exec(
          "DELETE FROM schedules WHERE key = ? AND due_at = ? AND attempts = ?",
          row.key,
          row.dueAt,
          attempt.attempts,
        );
        ran++;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (attempt.attempts >= MAX_ATTEMPTS) {
          await this.abandon(attempt, message, giveUp);
        } else {
          const backoff = Math.min(2 ** attempt.attempts * 1000, 5 * 60_000);
          this.sql.exec(
            "UPDATE schedules SET due_at = ? WHERE key = ? AND attempts = ?",
            now + backoff,
            row.key,
            attempt.attempts,
          );
          log("warn", "schedule.retry", {
            key: row.key,
            kind: row.kind,
            attempts: attempt.attempts,
            error: message,
          });
        }
      }
    }
    await this.arm();
    return ran;
  }

  /** Out of attempts: the kind's give-up handler ends the work, then the row goes, whatever it did. */
  private async abandon(row: ScheduleRow, reason: string, giveUp: Record<string, GiveUpHandler>) {
    let ended = "no give-up handler";
    const handler = giveUp[row.kind];
    if (handler) {
      try {
        await handler(row, reason);
        ended = "ended by its give-up handler";
      } catch (error) {
        ended = `give-up handler failed: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    // Only the version that gave up: the give-up handler may have armed the next one (a put
    // resets the attempts, so the new row no longer matches).
    this.sql.exec(
      "DELETE FROM schedules WHERE key = ? AND due_at = ? AND attempts = ?",
      row.key,
      row.dueAt,
      row.attempts,
    );
    log("error", "schedule.dropped", {
      key: row.key,
      kind: row.kind,
      attempts: row.attempts,
      error: reason,
      ended,
    });
  }

  /** Arms the one alarm for the earliest timer, or clears it when none is left. */
  async arm(): Promise<void> {
    const next = this.sql.exec<{ due: number | null }>("SELECT min(due_at) AS due FROM schedules").one().due;
    if (next === null) await this.alarm.deleteAlarm();
    else await this.alarm.setAlarm(next);
  }

  private rows(query: string, ...bindings: unknown[]): ScheduleRow[] {
    return this.sql
      .exec<{ key: string; kind: string; due_at: number; payload: string; attempts: number }>(
        query,
        ...bindings,
      )
      .toArray()
      .map((row) => ({
        key: row.key,
        kind: row.kind,
        dueAt: row.due_at,
        payload: JSON.parse(row.payload) as unknown,
        attempts: row.attempts,
      }));
  }
}
