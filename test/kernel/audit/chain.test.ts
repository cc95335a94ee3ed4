import { describe, expect, it } from "vitest";
import {
  type AuditContent,
  type ChainHead,
  canonicalEntry,
  entryHash,
  extendChain,
  GENESIS_HASH,
  type StoredAuditRow,
} from "../../../kernel/audit/chain";
import { verifyChains } from "../../../kernel/audit/verify-chains";
import { sha256Hex } from "../../../kernel/digest";

const TENANT = "acme";
const WRITER = "thread:acme:telegram:1";

function entry(n: number, overrides: Partial<AuditContent> = {}): AuditContent {
  return {
    id: `aud_${n}`,
    tenantId: TENANT,
    at: 1_000 + n,
    actor: "agent:finance",
    action: "policy.decision",
    subjectType: "tool",
    subjectId: `call_${n}`,
    threadId: "acme:telegram:1",
    agentId: "finance",
    detail: { effect: "allow", n },
    ...overrides,
  };
}

/** A chain of `count` rows as D1 would hold them, and its anchored head. */
async function chain(count: number, writer = WRITER): Promise<{ rows: StoredAuditRow[]; head: ChainHead }> {
  const entries = Array.from({ length: count }, (_, i) => entry(i + 1, { id: `${writer}/aud_${i + 1}` }));
  const links = await extendChain(writer, undefined, entries);
  const rows = entries.map((e, i) => ({ ...e, ...links[i]! }));
  const last = links[links.length - 1]!;
  return { rows, head: { writer, seq: last.seq, hash: last.hash } };
}

const verify = (rows: StoredAuditRow[], heads: ChainHead[], chainStartedAt: number | null = 500) =>
  verifyChains({ tenantId: TENANT, rows, heads, chainStartedAt });

const kinds = (result: Awaited<ReturnType<typeof verify>>) =>
  result.breaks.map((b) => ({ kind: b.kind, writer: b.writer, seq: b.seq, id: b.id }));

describe("canonical entry and hash", () => {
  it("is a fixed-order JSON array that includes tenant, writer, seq and prev_hash, with detail keys sorted", () => {
    const text = canonicalEntry(entry(1, { detail: { z: 1, a: { y: 2, b: 3 } } }), {
      writer: WRITER,
      seq: 1,
      prevHash: GENESIS_HASH,
    });
    expect(JSON.parse(text)).toEqual([
      "cairn.audit.v1",
      TENANT,
      WRITER,
      1,
      GENESIS_HASH,
      "aud_1",
      1001,
      "agent:finance",
      "policy.decision",
      "tool",
      "call_1",
      "acme:telegram:1",
      "finance",
      { a: { b: 3, y: 2 }, z: 1 },
    ]);
    expect(text).toContain('{"a":{"b":3,"y":2},"z":1}');
  });

  it("is SHA-256 of the canonical text, and key order in detail does not change it", async () => {
    const position = { writer: WRITER, seq: 3, prevHash: "ab".repeat(32) };
    const a = entry(1, { detail: { x: 1, y: [1, { q: 2, p: 1 }] } });
    const b = entry(1, { detail: { y: [1, { p: 1, q: 2 }], x: 1 } });
    expect(await entryHash(a, position)).toBe(await sha256Hex(canonicalEntry(a, position)));
    expect(await entryHash(a, position)).toBe(await entryHash(b, position));
    expect(await entryHash(a, position)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("changes with every field it covers", async () => {
    const position = { writer: WRITER, seq: 2, prevHash: GENESIS_HASH };
    const base = await entryHash(entry(1), position);
    const variants: Array<[Partial<AuditContent>, Partial<typeof position>]> = [
      [{ tenantId: "other" }, {}],
      [{ id: "aud_x" }, {}],
      [{ at: 1 }, {}],
      [{ actor: "system" }, {}],
      [{ action: "x" }, {}],
      [{ subjectType: null }, {}],
      [{ subjectId: "c" }, {}],
      [{ threadId: null }, {}],
      [{ agentId: "ops" }, {}],
      [{ detail: { effect: "deny", n: 1 } }, {}],
      [{}, { writer: "tenant" }],
      [{}, { seq: 3 }],
      [{}, { prevHash: "1".repeat(64) }],
    ];
    for (const [content, pos] of variants) {
      expect(await entryHash(entry(1, content), { ...position, ...pos })).not.toBe(base);
    }
  });

  it("extends a chain from its head: seq continues and each prev_hash is the previous hash", async () => {
    const first = await extendChain(WRITER, undefined, [entry(1), entry(2)]);
    expect(first.map((l) => [l.seq, l.prevHash])).toEqual([
      [1, GENESIS_HASH],
      [2, first[0]!.hash],
    ]);
    const more = await extendChain(WRITER, { seq: 2, hash: first[1]!.hash }, [entry(3)]);
    expect(more).toEqual([
      {
        id: "aud_3",
        writer: WRITER,
        seq: 3,
        prevHash: first[1]!.hash,
        hash: await entryHash(entry(3), { writer: WRITER, seq: 3, prevHash: first[1]!.hash }),
      },
    ]);
  });
});

describe("verifyChains", () => {
  it("passes intact chains of several writers and counts rows from before chaining as unchained", async () => {
    const a = await chain(5);
    const b = await chain(3, "tenant");
    const old: StoredAuditRow = {
      ...entry(0, { id: "aud_old", at: 100 }),
      writer: null,
      seq: null,
      prevHash: null,
      hash: null,
    };
    const result = await verify([...b.rows, old, ...a.rows.slice().reverse()], [a.head, b.head]);
    expect(result).toMatchObject({ ok: true, entries: 9, chained: 8, unchained: 1, breaks: [] });
    expect(result.chains).toEqual([
      { writer: "tenant", entries: 3, lastSeq: 3, anchoredSeq: 3, ok: true },
      { writer: WRITER, entries: 5, lastSeq: 5, anchoredSeq: 5, ok: true },
    ]);
  });

  it("names an edited row by its id and seq, and nothing else", async () => {
    const { rows, head } = await chain(5);
    rows[2] = { ...rows[2]!, detail: { effect: "deny", n: 3 } };
    expect(kinds(await verify(rows, [head]))).toEqual([
      { kind: "edited", writer: WRITER, seq: 3, id: `${WRITER}/aud_3` },
    ]);
  });

  it("names an edited row that was re-hashed by the link the next row no longer matches", async () => {
    const { rows, head } = await chain(5);
    const forged = { ...rows[2]!, action: "policy.allow" };
    forged.hash = await entryHash(forged, { writer: WRITER, seq: 3, prevHash: rows[1]!.hash! });
    rows[2] = forged;
    expect(kinds(await verify(rows, [head]))).toEqual([
      { kind: "edited", writer: WRITER, seq: 3, id: `${WRITER}/aud_3` },
    ]);
  });

  it("names a deleted row by its missing seq", async () => {
    const { rows, head } = await chain(5);
    rows.splice(1, 1);
    const result = await verify(rows, [head]);
    expect(kinds(result)).toEqual([{ kind: "deleted", writer: WRITER, seq: 2, id: null }]);
    expect(result.breaks[0]!.detail).toBe("seq 2 missing");
  });

  it("names the first row deleted", async () => {
    const { rows, head } = await chain(3);
    expect(kinds(await verify(rows.slice(1), [head]))).toEqual([
      { kind: "deleted", writer: WRITER, seq: 1, id: null },
    ]);
  });

  it("names two swapped rows as reordered, each with the seq it was written at", async () => {
    const { rows, head } = await chain(5);
    const [two, three] = [rows[1]!, rows[2]!];
    rows[1] = { ...two, seq: 3 };
    rows[2] = { ...three, seq: 2 };
    const result = await verify(rows, [head]);
    expect(kinds(result)).toEqual([
      { kind: "reordered", writer: WRITER, seq: 2, id: `${WRITER}/aud_3` },
      { kind: "reordered", writer: WRITER, seq: 3, id: `${WRITER}/aud_2` },
    ]);
    expect(result.breaks[0]!.detail).toBe("written as seq 3, now stored as seq 2");
  });

  it("names a row inserted without chain fields after chaining began", async () => {
    const { rows, head } = await chain(3);
    const inserted: StoredAuditRow = {
      ...entry(9, { id: "aud_forged", at: 2_000 }),
      writer: null,
      seq: null,
      prevHash: null,
      hash: null,
    };
    const result = await verify([...rows, inserted], [head]);
    expect(kinds(result)).toEqual([{ kind: "inserted", writer: null, seq: null, id: "aud_forged" }]);
    expect(result.unchained).toBe(0);
  });

  it("names a second row at an existing seq as inserted", async () => {
    const { rows, head } = await chain(3);
    const forged = { ...entry(7, { id: "aud_forged" }), writer: WRITER, seq: 2, prevHash: rows[0]!.hash! };
    const withHash = { ...forged, hash: await entryHash(forged, forged) };
    expect(kinds(await verify([...rows, withHash], [head]))).toEqual([
      { kind: "inserted", writer: WRITER, seq: 2, id: "aud_forged" },
    ]);
  });

  it("names rows appended after the anchored head as inserted, even with correct hashes", async () => {
    const { rows, head } = await chain(3);
    const [extra] = await extendChain(WRITER, { seq: 3, hash: head.hash }, [entry(4, { id: "aud_tail" })]);
    const result = await verify([...rows, { ...entry(4, { id: "aud_tail" }), ...extra! }], [head]);
    expect(kinds(result)).toEqual([{ kind: "inserted", writer: WRITER, seq: 4, id: "aud_tail" }]);
  });

  it("names a chain cut at its end as truncated, against the anchored head", async () => {
    const { rows, head } = await chain(5);
    const result = await verify(rows.slice(0, 3), [head]);
    expect(kinds(result)).toEqual([{ kind: "truncated", writer: WRITER, seq: 4, id: null }]);
    expect(result.breaks[0]!.detail).toBe("seqs 4–5 missing at the end (the anchored head is seq 5)");
    expect(kinds(await verify([], [head]))).toEqual([
      { kind: "truncated", writer: WRITER, seq: 1, id: null },
    ]);
  });

  it("names a chain rewritten end to end by its last entry's mismatch with the anchored head", async () => {
    const { rows, head } = await chain(3);
    const rewritten = rows.map((row) => ({ ...row, actor: "user:mallory" }));
    const links = await extendChain(WRITER, undefined, rewritten);
    const forged = rewritten.map((row, i) => ({ ...row, ...links[i]! }));
    expect(kinds(await verify(forged, [head]))).toEqual([
      { kind: "edited", writer: WRITER, seq: 3, id: `${WRITER}/aud_3` },
    ]);
  });

  it("names a chain nobody anchored as inserted", async () => {
    const { rows } = await chain(2, "api");
    expect(kinds(await verify(rows, []))).toEqual([
      { kind: "inserted", writer: "api", seq: 1, id: "api/aud_1" },
    ]);
  });

  it("names several breaks in one chain, each once", async () => {
    const { rows, head } = await chain(10);
    rows[1] = { ...rows[1]!, actor: "system" }; // edited seq 2
    rows.splice(4, 1); // deleted seq 5
    const [seven, eight] = [rows[5]!, rows[6]!];
    rows[5] = { ...seven, seq: 8 };
    rows[6] = { ...eight, seq: 7 }; // swapped 7 and 8
    const result = await verify(rows.slice(0, -1), [head]); // truncated seq 10
    expect(kinds(result)).toEqual([
      { kind: "edited", writer: WRITER, seq: 2, id: `${WRITER}/aud_2` },
      { kind: "deleted", writer: WRITER, seq: 5, id: null },
      { kind: "reordered", writer: WRITER, seq: 7, id: `${WRITER}/aud_8` },
      { kind: "reordered", writer: WRITER, seq: 8, id: `${WRITER}/aud_7` },
      { kind: "truncated", writer: WRITER, seq: 10, id: null },
    ]);
    expect(result.ok).toBe(false);
    expect(result.chains[0]).toMatchObject({ writer: WRITER, ok: false });
  });
});
