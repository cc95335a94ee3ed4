import {
  cosineSimilarity,
  matchesFilter,
  type VectorMatch,
  type VectorMetadata,
  type VectorQuery,
  type VectorRecord,
  type VectorStore,
  VectorStoreError,
  validateRecords,
} from "./vector-store";

/**
 * The embedded vector store: exact cosine over every stored vector of the namespace. A scan is
 * O(n·d), a few milliseconds for the ten-thousands of vectors a small company's tenant holds, and
 * it is exact, so there is no index to build, tune or rebuild after eviction. Rows live behind an
 * injected storage interface: Durable Object SQLite in the worker, a Map in Node.
 */

export interface StoredVectorRow {
  id: string;
  vector: Float32Array;
  metadata: VectorMetadata;
}

/** Row storage for one namespace. Every method may be sync-backed; all are awaited. */
export interface VectorRowStorage {
  putRows(rows: readonly StoredVectorRow[]): Promise<void>;
  scanRows(): Promise<Iterable<StoredVectorRow>>;
  /** Deletes rows by id and answers how many existed. */
  deleteRows(ids: readonly string[]): Promise<number>;
}

export interface ExactCosineStoreOptions {
  dimension: number;
}

/**
 * @example
 * const store = createExactCosineVectorStore(createInMemoryVectorRowStorage(), { dimension: 256 });
 * await store.upsert([{ id: "doc-1", vector, metadata: { kind: "policy" } }]);
 * await store.query({ vector: queryVector, topK: 5, filter: { kind: "policy" } });
 */
export function createExactCosineVectorStore(
  storage: VectorRowStorage,
  options: ExactCosineStoreOptions,
): VectorStore {
  const backend = "embedded";
  return {
    async upsert(records: readonly VectorRecord[]) {
      validateRecords(records, options.dimension, backend);
      await storage.putRows(
        records.map((record) => ({
          id: record.id,
          vector: Float32Array.from(record.vector),
          metadata: { ...record.metadata },
        })),
      );
    },
    async query(query: VectorQuery): Promise<VectorMatch[]> {
      if (query.vector.length !== options.dimension) {
        throw new VectorStoreError(
          `query has dimension ${query.vector.length}, the index has ${options.dimension}`,
          backend,
        );
      }
      if (!Number.isInteger(query.topK) || query.topK < 1) {
        throw new VectorStoreError(`topK must be a positive integer, got ${query.topK}`, backend);
      }
      const matches: VectorMatch[] = [];
      for (const row of await storage.scanRows()) {
        if (!matchesFilter(row.metadata, query.filter)) continue;
        const cosine = cosineSimilarity(query.vector, row.vector);
        matches.push({ id: row.id, score: (1 + cosine) / 2, metadata: row.metadata });
      }
      matches.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
      return matches.slice(0, query.topK);
    },
    async delete(ids: readonly string[]) {
      return ids.length === 0 ? 0 : storage.deleteRows([...new Set(ids)]);
    },
  };
}

/** Rows in a Map, for Node tests, the CLI and the benchmark. */
export function createInMemoryVectorRowStorage(): VectorRowStorage {
  const rows = new Map<string, StoredVectorRow>();
  return {
    async putRows(newRows) {
      for (const row of newRows) rows.set(row.id, row);
    },
    async scanRows() {
      return [...rows.values()];
    },
    async deleteRows(ids) {
      let deleted = 0;
      for (const id of ids) if (rows.delete(id)) deleted += 1;
      return deleted;
    },
  };
}
