/**
 * The tenant's audit chains, kept by the Tenant object: every writer's entries are sealed here,
 * one seal at a time, so a writer that runs in many places at once (the admin API, the outbound
 * consumer) still gets one gap-free sequence, and each chain's head (writer, seq, hash) lives in
 * this object's SQLite, out of reach of whoever can write D1 (docs/security.md, "Audit chain").
 *
 * A seal reads the rows just written, computes their chain fields (kernel/audit/chain.ts), marks
 * the new head pending, writes the fields in one D1 transaction, then makes the head current.
 * A seal cut off between the two writes is settled on the next call: the pending head is kept if
 * D1 holds an entry with exactly that seq and hash, and dropped otherwise.
 */
import type { Database } from "../../db/client";
import {
  auditRowsForVerification,
  chainEntryExists,
  sealAuditRows,
  unsealedAuditRows,
} from "../../db/queries/audit";
import { type ChainHead, extendChain } from "../../kernel/audit/chain";
import { type AuditVerification, verifyChains } from "../../kernel/audit/verify-chains";
import { log } from "../../kernel/log";

interface HeadRow extends Record<string, SqlStorageValue> {
  writer: string;
  seq: number;
  hash: string;
  pending_seq: number | null;
  pending_hash: string | null;
}

const STARTED_KEY = "chain_started_at";

export class AuditChainKeeper {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly sql: SqlStorage,
    private readonly db: Database,
    private readonly now: () => number,
  ) {
    sql.exec(`CREATE TABLE IF NOT EXISTS audit_heads (
      writer TEXT PRIMARY KEY, seq INTEGER NOT NULL, hash TEXT NOT NULL,
      pending_seq INTEGER, pending_hash TEXT, updated_at INTEGER NOT NULL)`);
    sql.exec("CREATE TABLE IF NOT EXISTS audit_chain_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)");
  }

  /** One seal (or head read) at a time: the D1 calls inside are I/O, which input gates do not hold back. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private head(writer: string): HeadRow | undefined {
    return this.sql.exec<HeadRow>("SELECT * FROM audit_heads WHERE writer = ?", writer).toArray()[0];
  }

  private async settle(tenantId: string, row: HeadRow): Promise<HeadRow> {
    if (row.pending_seq === null || row.pending_hash === null) return row;
    const written = await chainEntryExists(this.db, tenantId, row.writer, row.pending_seq, row.pending_hash);
    const seq = written ? row.pending_seq : row.seq;
    const hash = written ? row.pending_hash : row.hash;
    this.sql.exec(
      "UPDATE audit_heads SET seq = ?, hash = ?, pending_seq = NULL, pending_hash = NULL, updated_at = ? WHERE writer = ?",
      seq,
      hash,
      this.now(),
      row.writer,
    );
    return { ...row, seq, hash, pending_seq: null, pending_hash: null };
  }

  /** Seals the rows among `ids` not sealed yet into `writer`'s chain, in the order given. */
  seal(tenantId: string, writer: string, ids: readonly string[]): Promise<number> {
    return this.serial(async () => {
      const stored = this.head(writer);
      const head = stored ? await this.settle(tenantId, stored) : undefined;
      const found = await unsealedAuditRows(this.db, tenantId, ids);
      if (found.length === 0) return 0;
      const order = new Map(ids.map((id, index) => [id, index]));
      found.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
      const links = await extendChain(writer, head, found);
      const last = links[links.length - 1];
      if (!last) return 0;
      const now = this.now();
      this.sql.exec("INSERT OR IGNORE INTO audit_chain_meta (key, value) VALUES (?, ?)", STARTED_KEY, now);
      this.sql.exec(
        `INSERT INTO audit_heads (writer, seq, hash, pending_seq, pending_hash, updated_at)
         VALUES (?, 0, ?, ?, ?, ?)
         ON CONFLICT (writer) DO UPDATE SET pending_seq = excluded.pending_seq,
           pending_hash = excluded.pending_hash, updated_at = excluded.updated_at`,
        writer,
        links[0]?.prevHash ?? "",
        last.seq,
        last.hash,
        now,
      );
      const sealed = await sealAuditRows(this.db, tenantId, links);
      if (sealed !== links.length) {
        // Under this object's one-at-a-time sealing a row cannot be sealed twice; say so if it was.
        log("warn", "audit.seal_partial", { tenant: tenantId, writer, expected: links.length, sealed });
      }
      this.sql.exec(
        "UPDATE audit_heads SET seq = ?, hash = ?, pending_seq = NULL, pending_hash = NULL, updated_at = ? WHERE writer = ?",
        last.seq,
        last.hash,
        this.now(),
        writer,
      );
      return sealed;
    });
  }

  /** Every chain's anchored head (pending ones settled first) and when chaining began. */
  heads(tenantId: string): Promise<{ heads: ChainHead[]; chainStartedAt: number | null }> {
    return this.serial(() => this.settledHeads(tenantId));
  }

  /**
   * Verifies every chain of the tenant against its anchored head. Runs in the one-at-a-time
   * queue, so no seal lands between reading the heads and reading the rows.
   */
  verify(tenantId: string): Promise<AuditVerification> {
    return this.serial(async () => {
      const { heads, chainStartedAt } = await this.settledHeads(tenantId);
      const rows = await auditRowsForVerification(this.db, tenantId);
      return verifyChains({ tenantId, rows, heads, chainStartedAt });
    });
  }

  private async settledHeads(
    tenantId: string,
  ): Promise<{ heads: ChainHead[]; chainStartedAt: number | null }> {
    const heads: ChainHead[] = [];
    for (const row of this.sql.exec<HeadRow>("SELECT * FROM audit_heads ORDER BY writer").toArray()) {
      const settled = await this.settle(tenantId, row);
      if (settled.seq > 0) heads.push({ writer: settled.writer, seq: settled.seq, hash: settled.hash });
    }
    const [started] = this.sql
      .exec<{ value: number }>("SELECT value FROM audit_chain_meta WHERE key = ?", STARTED_KEY)
      .toArray();
    return { heads, chainStartedAt: started?.value ?? null };
  }
}
