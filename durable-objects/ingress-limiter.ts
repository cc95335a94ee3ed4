/**
 * IngressLimiter: the embedded ingress guard, one Durable Object per tenant (`<tenant>:ingress`).
 * Its own object, not the Tenant coordinator, so a webhook flood queues behind nothing but the
 * flooded tenant's own admissions: another tenant's webhooks and this tenant's send pacing and
 * dedup never wait for it.
 *
 * Counts are fixed windows in SQLite, as the Tenant object's rate budgets are
 * (durable-objects/tenant/rate-budget.ts): check and count are one synchronous step, so racing
 * requests cannot both take the last slot. Replay keys are rows with an expiry.
 */
import {
  type IngressLimits,
  type IngressRequest,
  type IngressVerdict,
  ingressWindow,
} from "../kernel/ingress";
import type { Refusable } from "../kernel/refusal";
import { CairnObject } from "./cairn-object";

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS ingress_windows (
    bucket TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (bucket, window_start)
  )`,
  "CREATE TABLE IF NOT EXISTS ingress_replays (key TEXT PRIMARY KEY, until INTEGER NOT NULL)",
];

/** Windows are at most an hour (kernel/ingress.ts); anything older than two is dead weight. */
const WINDOW_RETENTION_MS = 2 * 3_600_000;
const SWEEP_EVERY_MS = 60_000;

export class IngressLimiter extends CairnObject {
  private tenantId: string | undefined;
  private ready = false;
  private lastSweep = 0;

  /** Binds the object to the first tenant it serves; any other tenant is refused (the reason). */
  private async refusal(tenantId: string): Promise<string | undefined> {
    this.tenantId ??= await this.ctx.storage.get<string>("tenant_id");
    if (this.tenantId && this.tenantId !== tenantId)
      return `this ingress limiter belongs to ${this.tenantId}, not ${tenantId}`;
    if (!this.tenantId) {
      await this.ctx.storage.put("tenant_id", tenantId);
      this.tenantId = tenantId;
    }
    if (!this.ready) {
      for (const statement of SCHEMA) this.ctx.storage.sql.exec(statement);
      this.ready = true;
    }
    return undefined;
  }

  async admit(request: IngressRequest, limits: IngressLimits): Promise<Refusable<IngressVerdict>> {
    const refused = await this.refusal(request.tenantId);
    if (refused) return { refused };
    // From here to the end: no await, so this is one step no other request interleaves with.
    const sql = this.ctx.storage.sql;
    const { at } = request;
    const replayKey = request.replay ? `${request.platform}|${request.replay.key}` : undefined;
    if (replayKey) {
      const until = sql
        .exec<{ until: number }>("SELECT until FROM ingress_replays WHERE key = ?", replayKey)
        .toArray()[0]?.until;
      if (until !== undefined && until > at) return { admitted: false, reason: "replay" };
    }
    const window = ingressWindow(at, limits.windowMs);
    const used = (bucket: string) =>
      sql
        .exec<{ count: number }>(
          "SELECT count FROM ingress_windows WHERE bucket = ? AND window_start = ?",
          bucket,
          window.start,
        )
        .toArray()[0]?.count ?? 0;
    const buckets: string[] = [];
    if (request.sender !== undefined && limits.senderLimit > 0) {
      const bucket = `sender|${request.platform}|${request.sender}`;
      if (used(bucket) >= limits.senderLimit)
        return { admitted: false, reason: "sender", retryAfterMs: window.remainingMs };
      buckets.push(bucket);
    }
    if (limits.tenantLimit > 0) {
      if (used("tenant") >= limits.tenantLimit)
        return { admitted: false, reason: "tenant", retryAfterMs: window.remainingMs };
      buckets.push("tenant");
    }
    for (const bucket of buckets)
      sql.exec(
        "INSERT INTO ingress_windows (bucket, window_start, count) VALUES (?, ?, 1) ON CONFLICT(bucket, window_start) DO UPDATE SET count = count + 1",
        bucket,
        window.start,
      );
    if (replayKey && request.replay)
      sql.exec(
        "INSERT INTO ingress_replays (key, until) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET until = excluded.until",
        replayKey,
        request.replay.until,
      );
    this.sweep(at);
    return { admitted: true };
  }

  async release(tenantId: string, platform: string, key: string): Promise<Refusable<{ released: true }>> {
    const refused = await this.refusal(tenantId);
    if (refused) return { refused };
    this.ctx.storage.sql.exec("DELETE FROM ingress_replays WHERE key = ?", `${platform}|${key}`);
    return { released: true };
  }

  private sweep(at: number) {
    if (at - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = at;
    this.ctx.storage.sql.exec("DELETE FROM ingress_windows WHERE window_start < ?", at - WINDOW_RETENTION_MS);
    this.ctx.storage.sql.exec("DELETE FROM ingress_replays WHERE until <= ?", at);
  }
}
