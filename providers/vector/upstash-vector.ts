import { z } from "zod";
import {
  METADATA_KEY,
  type MetadataFilter,
  type MetadataScalar,
  type VectorMatch,
  type VectorQuery,
  type VectorRecord,
  type VectorStore,
  VectorStoreError,
  validateRecords,
} from "../../kernel/memory/vector-store";

/**
 * Upstash Vector over its REST API with plain fetch (no SDK: three endpoints, and fetch runs the
 * same in workerd and Node). Documented shapes, https://upstash.com/docs/vector/api/endpoints/*:
 *   POST   <url>/upsert/<ns>  body [{id, vector, metadata}]                  → {"result": "Success"}
 *   POST   <url>/query/<ns>   body {vector, topK, includeMetadata, filter?}  → {"result": [{id, score, metadata?}]}
 *   DELETE <url>/delete/<ns>  body {ids: [...]}                              → {"result": {"deleted": n}}
 * Errors come back as a non-2xx status with {"error": "..."}. The index must use COSINE similarity
 * so scores match the embedded store's (1 + cosine) / 2.
 */

export interface UpstashVectorConfig {
  url: string;
  token: string;
  /** The tenant id: Upstash namespaces keep tenants apart inside one index. */
  namespace: string;
  dimension: number;
  fetch?: typeof fetch;
}

const BACKEND = "upstash-vector";
const envelope = <T extends z.ZodType>(result: T) => z.object({ result });
const queryResult = envelope(
  z.array(
    z.object({
      id: z.union([z.string(), z.number()]),
      score: z.number(),
      metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    }),
  ),
);
const deleteResult = envelope(z.object({ deleted: z.number() }));
const upsertResult = envelope(z.string());

export function createUpstashVectorStore(config: UpstashVectorConfig): VectorStore {
  // Looked up per call, not captured: test interceptors and polyfills replace globalThis.fetch later.
  const doFetch =
    config.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const base = config.url.replace(/\/+$/, "");
  const suffix = config.namespace === "" ? "" : `/${encodeURIComponent(config.namespace)}`;

  async function call<T>(
    method: "POST" | "DELETE",
    command: string,
    body: unknown,
    schema: z.ZodType<T>,
  ): Promise<T> {
    const response = await doFetch(`${base}/${command}${suffix}`, {
      method,
      headers: { authorization: `Bearer ${config.token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const payload: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const error = z.object({ error: z.string() }).safeParse(payload);
      const detail = error.success ? error.data.error : `HTTP ${response.status}`;
      throw new VectorStoreError(`Upstash Vector ${command} failed: ${detail}`, BACKEND, response.status);
    }
    const parsed = schema.safeParse(payload);
    if (!parsed.success)
      throw new VectorStoreError(`Upstash Vector ${command}: unexpected response`, BACKEND, response.status);
    return parsed.data;
  }

  return {
    async upsert(records: readonly VectorRecord[]) {
      validateRecords(records, config.dimension, BACKEND);
      if (records.length === 0) return;
      await call(
        "POST",
        "upsert",
        records.map((record) => ({ id: record.id, vector: record.vector, metadata: record.metadata })),
        upsertResult,
      );
    },
    async query(query: VectorQuery): Promise<VectorMatch[]> {
      if (query.vector.length !== config.dimension) {
        throw new VectorStoreError(
          `query has dimension ${query.vector.length}, the index has ${config.dimension}`,
          BACKEND,
        );
      }
      if (!Number.isInteger(query.topK) || query.topK < 1) {
        throw new VectorStoreError(`topK must be a positive integer, got ${query.topK}`, BACKEND);
      }
      const filter = query.filter ? toUpstashFilter(query.filter) : "";
      const { result } = await call(
        "POST",
        "query",
        { vector: query.vector, topK: query.topK, includeMetadata: true, ...(filter ? { filter } : {}) },
        queryResult,
      );
      return result.map((match) => ({
        id: String(match.id),
        score: match.score,
        metadata: match.metadata ?? {},
      }));
    },
    async delete(ids: readonly string[]) {
      if (ids.length === 0) return 0;
      const { result } = await call("DELETE", "delete", { ids: [...new Set(ids)] }, deleteResult);
      return result.deleted;
    },
  };
}

/**
 * Our filter as Upstash's SQL-like filter string: `kind = 'policy' AND year IN (2025, 2026)`.
 * Strings containing a quote or backslash are refused rather than escaped by guesswork.
 */
export function toUpstashFilter(filter: MetadataFilter): string {
  return Object.entries(filter)
    .map(([key, condition]) => {
      if (!METADATA_KEY.test(key))
        throw new VectorStoreError(`filter key "${key}" is not an identifier`, BACKEND);
      if (typeof condition === "object") {
        if (condition.in.length === 0)
          throw new VectorStoreError(`filter on "${key}" has an empty IN list`, BACKEND);
        return `${key} IN (${condition.in.map(literal).join(", ")})`;
      }
      return `${key} = ${literal(condition)}`;
    })
    .join(" AND ");
}

function literal(value: MetadataScalar): string {
  if (typeof value === "string") {
    if (/['\\]/.test(value))
      throw new VectorStoreError(`filter value ${JSON.stringify(value)} needs quoting`, BACKEND);
    return `'${value}'`;
  }
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new VectorStoreError("filter numbers must be finite", BACKEND);
  }
  return String(value);
}
