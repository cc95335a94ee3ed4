/**
 * The dedup kernel's `DedupStore` over a Durable Object's SQLite. Behaves like the kernel's
 * MemoryDedupStore (same contract): records per (tenant, layer, id), looked up by key through
 * an index table, newest first. Every statement filters by tenant even though one object serves
 * one tenant: the rule is cheap and a wrong binding then leaks nothing.
 */
import type { DedupLayer, DedupRecord, DedupRecordState, DedupStore } from "../../kernel/dedup";

interface RecordRow extends Record<string, SqlStorageValue> {
  body: string;
  state: string;
  at: number;
}

export class SqliteDedupStore implements DedupStore {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS dedup_records (
      tenant TEXT NOT NULL, layer TEXT NOT NULL, id TEXT NOT NULL,
      body TEXT NOT NULL, state TEXT NOT NULL, at INTEGER NOT NULL,
      PRIMARY KEY (tenant, layer, id))`);
    sql.exec("CREATE INDEX IF NOT EXISTS dedup_records_recent ON dedup_records (tenant, layer, state, at)");
    sql.exec(`CREATE TABLE IF NOT EXISTS dedup_keys (
      tenant TEXT NOT NULL, layer TEXT NOT NULL, key TEXT NOT NULL, id TEXT NOT NULL,
      PRIMARY KEY (tenant, layer, key, id))`);
  }

  private static decode(row: RecordRow): DedupRecord {
    // state and at live in their own columns (setState changes them); the rest is the JSON body.
    return { ...(JSON.parse(row.body) as DedupRecord), state: row.state as DedupRecordState, at: row.at };
  }

  async findByKey(tenant: string, layer: DedupLayer, key: string): Promise<DedupRecord[]> {
    const rows = this.sql
      .exec<RecordRow>(
        `SELECT r.body, r.state, r.at FROM dedup_keys k
         JOIN dedup_records r ON r.tenant = k.tenant AND r.layer = k.layer AND r.id = k.id
         WHERE k.tenant = ? AND k.layer = ? AND k.key = ? ORDER BY r.at DESC`,
        tenant,
        layer,
        key,
      )
      .toArray();
    return rows.map(SqliteDedupStore.decode);
  }

  async listRecent(
    tenant: string,
    layer: DedupLayer,
    options: { states: readonly DedupRecordState[]; since?: number; limit: number },
  ): Promise<DedupRecord[]> {
    if (options.states.length === 0) return [];
    const placeholders = options.states.map(() => "?").join(", ");
    const rows = this.sql
      .exec<RecordRow>(
        `SELECT body, state, at FROM dedup_records
         WHERE tenant = ? AND layer = ? AND state IN (${placeholders}) AND at >= ?
         ORDER BY at DESC LIMIT ?`,
        tenant,
        layer,
        ...options.states,
        options.since ?? Number.MIN_SAFE_INTEGER,
        options.limit,
      )
      .toArray();
    return rows.map(SqliteDedupStore.decode);
  }

  async put(record: DedupRecord): Promise<void> {
    this.sql.exec(
      "INSERT OR REPLACE INTO dedup_records (tenant, layer, id, body, state, at) VALUES (?, ?, ?, ?, ?, ?)",
      record.tenant,
      record.layer,
      record.id,
      JSON.stringify(record),
      record.state,
      record.at,
    );
    this.sql.exec(
      "DELETE FROM dedup_keys WHERE tenant = ? AND layer = ? AND id = ?",
      record.tenant,
      record.layer,
      record.id,
    );
    for (const key of new Set(record.keys)) {
      this.sql.exec(
        "INSERT OR IGNORE INTO dedup_keys (tenant, layer, key, id) VALUES (?, ?, ?, ?)",
        record.tenant,
        record.layer,
        key,
        record.id,
      );
    }
  }

  async setState(
    tenant: string,
    layer: DedupLayer,
    id: string,
    state: DedupRecordState,
    at?: number,
  ): Promise<void> {
    this.sql.exec(
      "UPDATE dedup_records SET state = ?, at = coalesce(?, at) WHERE tenant = ? AND layer = ? AND id = ?",
      state,
      at ?? null,
      tenant,
      layer,
      id,
    );
  }
}
