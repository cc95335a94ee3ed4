import { beforeEach, describe, expect, it } from "vitest";
import type { VectorStore } from "../../../kernel/memory/vector-store";

/**
 * The one contract every vector backend passes. `open(namespace)` gives a store bound to that
 * namespace over the same backend, so isolation between tenants is part of the contract.
 */
export interface VectorStoreContractSubject {
  name: string;
  dimension: 4;
  open(namespace: string): VectorStore;
  reset(): Promise<void> | void;
}

const unit = (v: number[]) => {
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
};

export function describeVectorStoreContract(subject: VectorStoreContractSubject): void {
  describe(`VectorStore contract: ${subject.name}`, () => {
    let store: VectorStore;
    beforeEach(async () => {
      await subject.reset();
      store = subject.open("tenant-a");
      await store.upsert([
        { id: "east", vector: [1, 0, 0, 0], metadata: { kind: "doc", year: 2025, pinned: true } },
        { id: "north", vector: [0, 1, 0, 0], metadata: { kind: "doc", year: 2026, pinned: false } },
        {
          id: "north-east",
          vector: unit([1, 1, 0, 0]),
          metadata: { kind: "note", year: 2026, pinned: false },
        },
        { id: "west", vector: [-1, 0, 0, 0], metadata: { kind: "note", year: 2024, pinned: false } },
      ]);
    });

    it("answers the closest vectors first, scored (1 + cosine) / 2", async () => {
      const matches = await store.query({ vector: [1, 0, 0, 0], topK: 4 });
      expect(matches.map((m) => m.id)).toEqual(["east", "north-east", "north", "west"]);
      const scores = matches.map((m) => m.score);
      [1, (1 + Math.SQRT1_2) / 2, 0.5, 0].forEach((expected, i) => {
        expect(scores[i]).toBeCloseTo(expected, 5);
      });
    });

    it("returns metadata as stored, with its types", async () => {
      const [match] = await store.query({ vector: [1, 0, 0, 0], topK: 1 });
      expect(match).toMatchObject({ id: "east", metadata: { kind: "doc", year: 2025, pinned: true } });
    });

    it("limits to topK", async () => {
      expect(await store.query({ vector: [0, 1, 0, 0], topK: 2 })).toHaveLength(2);
    });

    it("filters on metadata equality and membership, ANDed", async () => {
      const notes = await store.query({ vector: [1, 0, 0, 0], topK: 10, filter: { kind: "note" } });
      expect(notes.map((m) => m.id)).toEqual(["north-east", "west"]);
      const recentDocs = await store.query({
        vector: [1, 0, 0, 0],
        topK: 10,
        filter: { kind: "doc", year: { in: [2026, 2027] } },
      });
      expect(recentDocs.map((m) => m.id)).toEqual(["north"]);
      const pinned = await store.query({ vector: [0, 1, 0, 0], topK: 10, filter: { pinned: true } });
      expect(pinned.map((m) => m.id)).toEqual(["east"]);
      expect(await store.query({ vector: [1, 0, 0, 0], topK: 10, filter: { missing: "x" } })).toEqual([]);
    });

    it("replaces a vector and its metadata on upsert of the same id", async () => {
      await store.upsert([{ id: "west", vector: [1, 0, 0, 0], metadata: { kind: "moved" } }]);
      const [first, second] = await store.query({ vector: [1, 0, 0, 0], topK: 2 });
      expect(new Set([first?.id, second?.id])).toEqual(new Set(["east", "west"]));
      const moved = await store.query({ vector: [1, 0, 0, 0], topK: 10, filter: { kind: "moved" } });
      expect(moved).toEqual([{ id: "west", score: expect.closeTo(1, 5), metadata: { kind: "moved" } }]);
    });

    it("deletes by id and answers how many existed", async () => {
      expect(await store.delete(["east", "nope"])).toBe(1);
      expect(await store.delete(["east"])).toBe(0);
      const ids = (await store.query({ vector: [1, 0, 0, 0], topK: 10 })).map((m) => m.id);
      expect(ids).toEqual(["north-east", "north", "west"]);
    });

    it("keeps namespaces (tenants) apart", async () => {
      const other = subject.open("tenant-b");
      expect(await other.query({ vector: [1, 0, 0, 0], topK: 10 })).toEqual([]);
      await other.upsert([{ id: "east", vector: [0, 0, 1, 0], metadata: { kind: "b" } }]);
      const [mine] = await store.query({ vector: [1, 0, 0, 0], topK: 1 });
      expect(mine).toMatchObject({ id: "east", metadata: { kind: "doc" } });
      expect(await other.delete(["north"])).toBe(0);
    });

    it("rejects vectors and queries of the wrong dimension", async () => {
      await expect(store.upsert([{ id: "bad", vector: [1, 0, 0], metadata: {} }])).rejects.toThrow(
        /dimension/,
      );
      await expect(store.query({ vector: [1, 0], topK: 1 })).rejects.toThrow(/dimension/);
      expect((await store.query({ vector: [1, 0, 0, 0], topK: 10 })).map((m) => m.id)).not.toContain("bad");
    });
  });
}
