/**
 * Collects audit entries during a turn and writes them in one batch at the end: decisions are
 * made in microseconds and must not each wait for a D1 round trip.
 */
import type { Database } from "../../db/client";
import { type AuditChain, type AuditEntry, insertAuditEntries } from "../../db/queries/audit";
import type { IdSource } from "../../kernel/ids";

export class AuditBuffer {
  private entries: AuditEntry[] = [];

  constructor(
    private readonly ids: IdSource,
    private readonly base: { tenantId: string; threadId?: string },
    private readonly now: () => number,
    /** The writer's audit chain (runtime/audit-chain.ts): what is flushed is sealed into it. */
    readonly chain: AuditChain,
  ) {}

  add(entry: Omit<AuditEntry, "id" | "tenantId" | "at" | "threadId"> & { id?: string }) {
    this.entries.push({
      ...entry,
      id: entry.id ?? this.ids.next("aud"),
      tenantId: this.base.tenantId,
      threadId: this.base.threadId ?? null,
      at: this.now(),
    });
  }

  async flush(db: Database) {
    const pending = this.entries;
    this.entries = [];
    await insertAuditEntries(db, pending, this.chain);
  }
}
