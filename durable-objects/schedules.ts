/**
 * Many timers on the one Durable Object alarm. Each schedule is a row (key, kind, due time,
 * JSON payload) in the object's SQLite; the alarm is always armed for the earliest row. Keys are
 * idempotent — putting the same key again moves that timer, never adds a second — and alarms
 * are delivered at least once, so every handler must be safe to run twice.
 *
 * A handler that throws keeps its row and is retried with back-off; after MAX_ATTEMPTS the row
 * is dropped and logged, so one poisoned timer cannot wedge the others.
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
   */
  async runDue(now: number, handlers: Record<string, ScheduleHandler>): Promise<number> {
    let ran = 0;
    for (const row of this.rows("SELECT * FROM schedules WHERE due_at <= ? ORDER BY due_at, key", now)) {
      const handler = handlers[row.kind];
      if (!handler) continue;
      try {
        await handler(row);
        // Delete only the version that ran: the handler may have moved its own timer.
        this.sql.exec(
          "DELETE FROM schedules WHERE key = ? AND due_at = ? AND attempts = ?",
          row.key,
          row.dueAt,
          row.attempts,
        );
        ran++;
      } catch (error) {
        const attempts = row.attempts + 1;
        const message = error instanceof Error ? error.message : String(error);
        if (attempts >= MAX_ATTEMPTS) {
          this.sql.exec("DELETE FROM schedules WHERE key = ?", row.key);
          log("error", "schedule.dropped", { key: row.key, kind: row.kind, attempts, error: message });
        } else {
          const backoff = Math.min(2 ** attempts * 1000, 5 * 60_000);
          this.sql.exec(
            "UPDATE schedules SET attempts = ?, due_at = ? WHERE key = ?",
            attempts,
            now + backoff,
            row.key,
          );
          log("warn", "schedule.retry", { key: row.key, kind: row.kind, attempts, error: message });
        }
      }
    }
    await this.arm();
    return ran;
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
