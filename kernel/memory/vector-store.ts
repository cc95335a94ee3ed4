/**
 * One contract for semantic memory, met by the embedded exact-cosine store (vectors in Durable
 * Object SQLite) and by Upstash Vector. A store is bound to one namespace (the tenant), so a query
 * can never see another tenant's vectors, whichever backend runs it.
 */

export type MetadataScalar = string | number | boolean;
export type VectorMetadata = Readonly<Record<string, MetadataScalar>>;

/**
 * Conditions ANDed together: a key equals a value, or is one of several. Deliberately small: it is
 * the subset both backends evaluate identically (Upstash's SQL-like filter string covers it).
 */
export type MetadataFilter = Readonly<Record<string, MetadataScalar | { in: readonly MetadataScalar[] }>>;

export interface VectorRecord {
  id: string;
  vector: readonly number[];
  metadata: VectorMetadata;
}

export interface VectorQuery {
  vector: readonly number[];
  topK: number;
  filter?: MetadataFilter;
}

export interface VectorMatch {
  id: string;
  /** Cosine similarity mapped to [0, 1] as (1 + cosine) / 2, Upstash's published scale. */
  score: number;
  metadata: VectorMetadata;
}

export interface VectorStore {
  /** Inserts or replaces by id. Rejects vectors of the wrong dimension. */
  upsert(records: readonly VectorRecord[]): Promise<void>;
  /** The topK closest vectors that pass the filter, closest first. */
  query(query: VectorQuery): Promise<VectorMatch[]>;
  /** Deletes by id; answers how many existed. */
  delete(ids: readonly string[]): Promise<number>;
}

export class VectorStoreError extends Error {
  constructor(
    message: string,
    readonly backend: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "VectorStoreError";
  }
}

/** Metadata keys are plain identifiers so every backend can filter on them without quoting rules. */
export const METADATA_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function matchesFilter(metadata: VectorMetadata, filter: MetadataFilter | undefined): boolean {
  if (!filter) return true;
  return Object.entries(filter).every(([key, condition]) => {
    const value = metadata[key];
    if (value === undefined) return false;
    return typeof condition === "object" ? condition.in.includes(value) : condition === value;
  });
}

/** Plain cosine similarity; 0 when either vector has no length (nothing to compare). */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  if (normA === 0 || normB === 0) return 0;
  return dot / Math.sqrt(normA * normB);
}

export function validateRecords(records: readonly VectorRecord[], dimension: number, backend: string): void {
  for (const record of records) {
    if (record.id === "") throw new VectorStoreError("a vector needs a non-empty id", backend);
    if (record.vector.length !== dimension) {
      throw new VectorStoreError(
        `vector ${record.id} has dimension ${record.vector.length}, the index has ${dimension}`,
        backend,
      );
    }
    if (!record.vector.every(Number.isFinite)) {
      throw new VectorStoreError(`vector ${record.id} has a non-finite component`, backend);
    }
    for (const key of Object.keys(record.metadata)) {
      if (!METADATA_KEY.test(key))
        throw new VectorStoreError(`metadata key "${key}" is not an identifier`, backend);
    }
  }
}
