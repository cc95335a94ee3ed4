/**
 * Send pacing for the tenant's bots, in the Tenant object's SQLite: every outbound consumer
 * isolate asks here before it calls a platform, so the counts are shared. Each rule is a sliding
 * window ("at most N sends in any W ms"), which, unlike fixed windows, never lets twice the limit
 * through across a window edge. Check and record are one synchronous step (no await between
 * them), so two isolates cannot both take the last slot.
 *
 * A send that does not fit now is booked into the first slot that fits, counting the sends
 * already booked: the caller re-queues it for that time, and when it comes back the slot is its
 * own. So a burst to one chat is spread out in the order it asked, each send re-queued once, and
 * a send to a quiet chat uses a free gap in the bot's budget instead of queueing behind others.
 *
 * The same step leases the outbox row to the delivery that got the slot: another queue message
 * for that row (a sweep re-enqueue, a redelivery) is held back while the lease lasts, so a row is
 * never sent twice by two deliveries racing each other.
 */
import { z } from "zod";

export const PaceRequestSchema = z.object({
  outboxId: z.string().min(1),
  /** The queue message delivering the row: the same message may re-take its own lease. */
  holder: z.string().min(1),
  rules: z.array(
    z.object({
      scope: z.string().min(1),
      limit: z.number().int().min(1),
      windowMs: z.number().int().min(1),
    }),
  ),
  /** Platform calls this send makes (a split message is several). */
  cost: z.number().int().min(1).max(100),
  /** No slot before this time: the platform asked the scope to wait (a 429's retry_after). */
  notBefore: z.number().int().optional(),
});
export type PaceRequest = z.infer<typeof PaceRequestSchema>;

type PaceRule = PaceRequest["rules"][number];

export type PaceVerdict =
  | { allowed: true }
  | { allowed: false; retryAfterMs: number; reason: "in_flight" | "rate"; scope?: string };

/** Long enough for any one delivery (a few platform calls), short enough not to strand a row. */
export const SEND_LEASE_MS = 60_000;
/** Entries older than the longest window any rule may have are dead weight. */
const KEEP_MS = 3_600_000;

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS send_log (
    scope TEXT NOT NULL,
    at INTEGER NOT NULL,
    booked_for TEXT
  )`,
  "CREATE INDEX IF NOT EXISTS send_log_scope ON send_log (scope, at)",
  "CREATE INDEX IF NOT EXISTS send_log_booking ON send_log (booked_for) WHERE booked_for IS NOT NULL",
  `CREATE TABLE IF NOT EXISTS send_leases (
    outbox_id TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    until INTEGER NOT NULL
  )`,
];

export class SendPacer {
  private lastSweep = 0;

  constructor(private readonly sql: SqlStorage) {
    for (const statement of SCHEMA) sql.exec(statement);
  }

  /**
   * Grants the send now (taking the row's lease), or books its slot and says how long to wait.
   * A send of `cost` calls is recorded as that many sends, spaced as each rule would space them,
   * so the parts of one split message go out together and the chat's next send waits for them.
   */
  reserve(request: PaceRequest, at: number): PaceVerdict {
    const { outboxId } = request;
    const lease = this.sql
      .exec<{ holder: string; until: number }>(
        "SELECT holder, until FROM send_leases WHERE outbox_id = ?",
        outboxId,
      )
      .toArray()[0];
    if (lease && lease.holder !== request.holder && lease.until > at)
      return { allowed: false, retryAfterMs: lease.until - at, reason: "in_flight" };

    const booked = this.sql
      .exec<{ slot: number | null }>("SELECT min(at) AS slot FROM send_log WHERE booked_for = ?", outboxId)
      .one().slot;
    if (booked !== null) {
      if ((request.notBefore ?? 0) > booked) {
        // The platform asked for a longer wait than the slot booked: give it up and book again.
        this.sql.exec("DELETE FROM send_log WHERE booked_for = ?", outboxId);
      } else {
        if (booked > at) return { allowed: false, retryAfterMs: booked - at, reason: "rate" };
        this.sql.exec("UPDATE send_log SET booked_for = NULL WHERE booked_for = ?", outboxId);
        return this.grant(request, at);
      }
    }

    // Each rule's earliest slot at or after the others': repeat until every rule agrees.
    let slot = Math.max(at, request.notBefore ?? at);
    let blocking: string | undefined;
    for (let moved = true; moved; ) {
      moved = false;
      for (const rule of request.rules) {
        const ruleSlot = this.earliestSlot(rule, request.cost, slot);
        if (ruleSlot > slot) {
          slot = ruleSlot;
          blocking = rule.scope;
          moved = true;
        }
      }
    }
    const booking = slot > at ? outboxId : null;
    for (const rule of request.rules) {
      const spacing = Math.ceil(rule.windowMs / rule.limit);
      for (let i = 0; i < request.cost; i++)
        this.sql.exec(
          "INSERT INTO send_log (scope, at, booked_for) VALUES (?, ?, ?)",
          rule.scope,
          slot + i * spacing,
          booking,
        );
    }
    this.sweep(at);
    if (booking)
      return {
        allowed: false,
        retryAfterMs: slot - at,
        reason: "rate",
        ...(blocking ? { scope: blocking } : {}),
      };
    return this.grant(request, at);
  }

  /**
   * The first time at or after `from` when `cost` sends, spaced as the rule spaces them, keep every
   * window of the scope within its limit, counting the sends already recorded or booked there.
   * A slot can only open where an earlier send leaves a window, so only those times are tried.
   * Booked sends of other chats leave gaps on a shared scope (the bot); a send fills the first
   * gap that fits rather than queueing behind every booking.
   */
  private earliestSlot(rule: PaceRule, cost: number, from: number): number {
    const spacing = Math.ceil(rule.windowMs / rule.limit);
    const offsets = Array.from({ length: cost }, (_, i) => i * spacing);
    const recorded = this.sql
      .exec<{ at: number }>(
        "SELECT at FROM send_log WHERE scope = ? AND at > ? ORDER BY at",
        rule.scope,
        from - rule.windowMs,
      )
      .toArray()
      .map((row) => row.at);
    const candidates = [from, ...recorded.flatMap((t) => offsets.map((o) => t + rule.windowMs - o))]
      .filter((t) => t >= from)
      .sort((a, b) => a - b);
    for (const slot of candidates) {
      if (
        fitsWindows(
          recorded,
          offsets.map((o) => slot + o),
          rule,
        )
      )
        return slot;
    }
    // Past the last recorded send plus a window nothing is in the way.
    return (recorded.at(-1) ?? from) + rule.windowMs;
  }

  private grant(request: PaceRequest, at: number): PaceVerdict {
    this.sql.exec(
      "INSERT INTO send_leases (outbox_id, holder, until) VALUES (?, ?, ?) ON CONFLICT(outbox_id) DO UPDATE SET holder = excluded.holder, until = excluded.until",
      request.outboxId,
      request.holder,
      at + SEND_LEASE_MS,
    );
    return { allowed: true };
  }

  /** Once a minute: forget sends older than any window and leases long expired. */
  private sweep(at: number) {
    if (at - this.lastSweep < 60_000) return;
    this.lastSweep = at;
    this.sql.exec("DELETE FROM send_log WHERE at < ?", at - KEEP_MS);
    this.sql.exec("DELETE FROM send_leases WHERE until < ?", at - SEND_LEASE_MS);
  }
}

/** Index of the first element of sorted `values` that is ≥ `target`. */
function lowerBound(values: readonly number[], target: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Whether adding `parts` to the sorted `recorded` sends keeps every window of `windowMs` that
 * contains one of the parts within `limit`. A window's count only changes where a send enters
 * it, so the windows worth checking start at a send or just after one leaves.
 */
function fitsWindows(recorded: readonly number[], parts: readonly number[], rule: PaceRule): boolean {
  const all = [...recorded, ...parts].sort((a, b) => a - b);
  const count = (from: number, to: number) => lowerBound(all, to + 1) - lowerBound(all, from);
  for (const part of parts) {
    const first = part - rule.windowMs + 1;
    if (count(first, part) > rule.limit) return false;
    for (let i = lowerBound(all, first); i < all.length && all[i]! <= part; i++) {
      if (count(all[i]!, all[i]! + rule.windowMs - 1) > rule.limit) return false;
    }
  }
  return true;
}
