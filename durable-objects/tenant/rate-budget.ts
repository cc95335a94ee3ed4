/**
 * Rate budgets from the policy's `limits.rates`: how many calls of a tool family an agent may
 * make per minute, hour and day. Counted in fixed windows in the Tenant object's SQLite, where
 * check-and-count is one synchronous step (no await between them), so racing threads of the
 * same tenant cannot both take the last call. Fixed windows allow up to twice a budget across
 * a window edge; the budgets are guard rails against loops, not billing.
 */
import type { RateLimit } from "../../kernel/policy";

export type RateVerdict =
  | { allowed: true }
  | { allowed: false; rule: string; retryAfterMs: number; reason: string };

const PERIODS = [
  { key: "perMinute", ms: 60_000, label: "minute" },
  { key: "perHour", ms: 3_600_000, label: "hour" },
  { key: "perDay", ms: 86_400_000, label: "day" },
] as const;

const SCHEMA = `CREATE TABLE IF NOT EXISTS rate_windows (
  bucket TEXT NOT NULL,
  window_start INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (bucket, window_start)
)`;

export class RateBudget {
  private lastSweep = 0;

  constructor(private readonly sql: SqlStorage) {
    sql.exec(SCHEMA);
  }

  /** Counts one call if every budget has room; otherwise counts nothing and says which refused. */
  consume(agentId: string, tool: string, limits: readonly RateLimit[], at: number): RateVerdict {
    const windows: { bucket: string; start: number }[] = [];
    for (const limit of limits) {
      for (const period of PERIODS) {
        const allowed = limit[period.key];
        if (allowed === undefined) continue;
        // One bucket per rule and agent: a rule over several tools shares one budget between them.
        const bucket = `${limit.rule}|${agentId}|${period.label}`;
        const start = Math.floor(at / period.ms) * period.ms;
        const used =
          this.sql
            .exec<{ count: number }>(
              "SELECT count FROM rate_windows WHERE bucket = ? AND window_start = ?",
              bucket,
              start,
            )
            .toArray()[0]?.count ?? 0;
        if (used >= allowed) {
          return {
            allowed: false,
            rule: limit.rule,
            retryAfterMs: start + period.ms - at,
            reason: `${agentId} may call ${tool} at most ${allowed} times a ${period.label} (${limit.rule})`,
          };
        }
        windows.push({ bucket, start });
      }
    }
    for (const { bucket, start } of windows) {
      this.sql.exec(
        "INSERT INTO rate_windows (bucket, window_start, count) VALUES (?, ?, 1) ON CONFLICT(bucket, window_start) DO UPDATE SET count = count + 1",
        bucket,
        start,
      );
    }
    this.sweep(at);
    return { allowed: true };
  }

  /** Old windows are dead weight: drop anything older than the longest period, once an hour. */
  private sweep(at: number) {
    if (at - this.lastSweep < 3_600_000) return;
    this.lastSweep = at;
    this.sql.exec("DELETE FROM rate_windows WHERE window_start < ?", at - 2 * 86_400_000);
  }
}
