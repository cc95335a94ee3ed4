import type { StoredVectorRow, VectorRowStorage } from "./exact-cosine-store";
import type { VectorMetadata } from "./vector-store";

/**
 * Vector rows in SQLite through the smallest interface Durable Object SQLite offers:
 * `ctx.storage.sql.exec(query, ...bindings)` returning a cursor with `toArray()`. The kernel stays
 * free of `cloudflare:*` imports; the worker passes `ctx.storage.sql` and tests pass node:sqlite.
 * Vectors are stored as float32 blobs (4 bytes per dimension, a quarter of JSON's size).
 */

export type SqlValue = string | number | null | ArrayBuffer;

export interface SqlLike {
  exec(query: string, ...bindings: SqlValue[]): { toArray(): Record<string, unknown>[] };
}

const TABLE = "vector_memory";

/** Creates the table if needed and answers the rows of one namespace (one tenant). */
export function createSqlVectorRowStorage(sql: SqlLike, namespace: string): VectorRowStorage {
  sql.exec(
    `CREATE TABLE IF NOT EXISTS ${TABLE} (
       namespace TEXT NOT NULL,
       id TEXT NOT NULL,
       vector BLOB NOT NULL,
       metadata TEXT NOT NULL,
       PRIMARY KEY (namespace, id)
     )`,
  );
  return {
    async putRows(rows: readonly StoredVectorRow[]) {
      for (const row of rows) {
        sql.exec(
          `INSERT INTO ${TABLE} (namespace, id, vector, metadata) VALUES (?, ?, ?, ?)
           ON CONFLICT (namespace, id) DO UPDATE SET vector = excluded.vector, metadata = excluded.metadata`,
          namespace,
          row.id,
          toArrayBuffer(row.vector),
          JSON.stringify(row.metadata),
        );
      }
    },
    async scanRows() {
      return sql
        .exec(`SELECT id, vector, metadata FROM ${TABLE} WHERE namespace = ?`, namespace)
        .toArray()
        .map((row) => ({
          id: String(row.id),
          vector: toFloat32(row.vector),
          metadata: JSON.parse(String(row.metadata)) as VectorMetadata,
        }));
    },
    async deleteRows(ids: readonly string[]) {
      let deleted = 0;
      // One id per statement keeps under SQLite's bound-parameter limit whatever the batch size.
      for (const id of ids) {
        const existing = sql
          .exec(`SELECT 1 AS found FROM ${TABLE} WHERE namespace = ? AND id = ?`, namespace, id)
          .toArray();
        if (existing.length === 0) continue;
        sql.exec(`DELETE FROM ${TABLE} WHERE namespace = ? AND id = ?`, namespace, id);
        deleted += 1;
      }
      return deleted;
    },
  };
}

function toArrayBuffer(vector: Float32Array): ArrayBuffer {
  return vector.buffer.slice(vector.byteOffset, vector.byteOffset + vector.byteLength) as ArrayBuffer;
}

/** Durable Objects return blobs as ArrayBuffer, node:sqlite as Uint8Array: accept both. */
function toFloat32(blob: unknown): Float32Array {
  if (blob instanceof ArrayBuffer) return new Float32Array(blob.slice(0));
  if (ArrayBuffer.isView(blob)) {
    const bytes = new Uint8Array(blob.buffer, blob.byteOffset, blob.byteLength).slice();
    return new Float32Array(bytes.buffer);
  }
  throw new Error("vector_memory.vector is not a blob");
}
