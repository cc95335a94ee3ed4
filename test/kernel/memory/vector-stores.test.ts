import { DatabaseSync } from "node:sqlite";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createExactCosineVectorStore,
  createInMemoryVectorRowStorage,
  type VectorRowStorage,
} from "../../../kernel/memory/exact-cosine-store";
import {
  createSqlVectorRowStorage,
  type SqlLike,
  type SqlValue,
} from "../../../kernel/memory/sql-vector-row-storage";
import { createUpstashVectorStore, toUpstashFilter } from "../../../providers/vector/upstash-vector";
import { createUpstashVectorFake } from "./upstash-vector-fake";
import { describeVectorStoreContract } from "./vector-store-contract";

// Embedded default, rows in memory (Node, CLI, benchmark).
const memoryRows = new Map<string, VectorRowStorage>();
describeVectorStoreContract({
  name: "embedded exact cosine, in-memory rows",
  dimension: 4,
  reset: () => memoryRows.clear(),
  open(namespace) {
    if (!memoryRows.has(namespace)) memoryRows.set(namespace, createInMemoryVectorRowStorage());
    return createExactCosineVectorStore(memoryRows.get(namespace)!, { dimension: 4 });
  },
});

type Statement = ReturnType<DatabaseSync["prepare"]>;
type Binding = Extract<Parameters<Statement["run"]>[number], string | number | bigint | null | Uint8Array>;

/** SELECTs return rows; anything else runs and returns none, like `sql.exec(...).toArray()`. */
function runStatement(statement: Statement, query: string, args: Binding[]): unknown[] {
  if (/^\s*SELECT/i.test(query)) return statement.all(...args);
  statement.run(...args);
  return [];
}

// Embedded default, rows in SQLite through the Durable Object `sql.exec` shape (node:sqlite here).
let database = new DatabaseSync(":memory:");
const sqlLike: SqlLike = {
  exec(query: string, ...bindings: SqlValue[]) {
    const args = bindings.map((value) => (value instanceof ArrayBuffer ? new Uint8Array(value) : value));
    const statement = database.prepare(query);
    const rows = runStatement(statement, query, args as Binding[]);
    return { toArray: () => rows as Record<string, unknown>[] };
  },
};
describeVectorStoreContract({
  name: "embedded exact cosine, SQLite rows",
  dimension: 4,
  reset() {
    database.close();
    database = new DatabaseSync(":memory:");
  },
  open: (namespace) =>
    createExactCosineVectorStore(createSqlVectorRowStorage(sqlLike, namespace), { dimension: 4 }),
});

describe("embedded store over SQLite rows", () => {
  it("survives the store object being dropped (Durable Object eviction): rows are the state", async () => {
    const db = new DatabaseSync(":memory:");
    const sql: SqlLike = {
      exec(query: string, ...bindings: SqlValue[]) {
        const args = bindings.map((value) => (value instanceof ArrayBuffer ? new Uint8Array(value) : value));
        const statement = db.prepare(query);
        const rows = runStatement(statement, query, args as Binding[]);
        return { toArray: () => rows as Record<string, unknown>[] };
      },
    };
    const before = createExactCosineVectorStore(createSqlVectorRowStorage(sql, "t1"), { dimension: 4 });
    await before.upsert([{ id: "kept", vector: [0.1, 0.2, 0.3, 0.4], metadata: { kind: "doc" } }]);
    const after = createExactCosineVectorStore(createSqlVectorRowStorage(sql, "t1"), { dimension: 4 });
    const [match] = await after.query({ vector: [0.1, 0.2, 0.3, 0.4], topK: 1 });
    expect(match).toEqual({ id: "kept", score: expect.closeTo(1, 6), metadata: { kind: "doc" } });
    db.close();
  });
});

// Upstash Vector over REST, mocked at the HTTP boundary.
const UPSTASH = { url: "https://cairn-test-vector.upstash.io", token: "test-token", dimension: 4 };
const fake = createUpstashVectorFake(UPSTASH);
const server = setupServer(...fake.handlers);
beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterAll(() => server.close());

describeVectorStoreContract({
  name: "Upstash Vector REST",
  dimension: 4,
  reset: () => fake.reset(),
  open: (namespace) => createUpstashVectorStore({ ...UPSTASH, namespace }),
});

describe("Upstash Vector client", () => {
  it("sends the documented request shapes", async () => {
    fake.reset();
    const store = createUpstashVectorStore({ ...UPSTASH, namespace: "tenant-a" });
    await store.upsert([{ id: "d1", vector: [1, 0, 0, 0], metadata: { kind: "doc" } }]);
    await store.query({ vector: [1, 0, 0, 0], topK: 3, filter: { kind: "doc" } });
    await store.delete(["d1"]);
    expect(fake.requests).toEqual([
      {
        method: "POST",
        path: "/upsert/tenant-a",
        authorization: "Bearer test-token",
        body: [{ id: "d1", vector: [1, 0, 0, 0], metadata: { kind: "doc" } }],
      },
      {
        method: "POST",
        path: "/query/tenant-a",
        authorization: "Bearer test-token",
        body: { vector: [1, 0, 0, 0], topK: 3, includeMetadata: true, filter: "kind = 'doc'" },
      },
      {
        method: "DELETE",
        path: "/delete/tenant-a",
        authorization: "Bearer test-token",
        body: { ids: ["d1"] },
      },
    ]);
  });

  it("surfaces Upstash's error message and status", async () => {
    const store = createUpstashVectorStore({ ...UPSTASH, token: "wrong", namespace: "tenant-a" });
    await expect(store.query({ vector: [1, 0, 0, 0], topK: 1 })).rejects.toMatchObject({
      name: "VectorStoreError",
      status: 401,
      message: expect.stringContaining("Unauthorized"),
    });
  });

  it("writes filters in Upstash's syntax and refuses values it cannot quote safely", () => {
    expect(toUpstashFilter({ kind: "doc", year: { in: [2025, 2026] }, pinned: true })).toBe(
      "kind = 'doc' AND year IN (2025, 2026) AND pinned = true",
    );
    expect(() => toUpstashFilter({ name: "O'Brien" })).toThrow(/quoting/);
    expect(() => toUpstashFilter({ "bad key": 1 })).toThrow(/identifier/);
  });
});
