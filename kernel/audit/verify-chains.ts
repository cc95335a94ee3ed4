/**
 * Verifying a tenant's audit chains (chain.ts has the format): every hash recomputed, seq
 * continuity and the links checked, each chain's last entry compared with the head the Tenant
 * object anchored, and each break named — edited, deleted, reordered, inserted or truncated.
 */
import { type ChainHead, entryHash, GENESIS_HASH, type StoredAuditRow } from "./chain";

/** How far from its stored seq a broken entry is looked for before it is called edited. */
const REORDER_WINDOW = 64;

export type ChainBreakKind = "edited" | "deleted" | "reordered" | "inserted" | "truncated";

export interface ChainBreak {
  kind: ChainBreakKind;
  /** The chain it was found in; null for a row that carries no chain fields. */
  writer: string | null;
  /** The seq the break is at (the first missing one for `deleted`/`truncated`). */
  seq: number | null;
  /** The row concerned, if there is one (a deleted row is not there to name). */
  id: string | null;
  detail: string;
}

export interface ChainReport {
  writer: string;
  entries: number;
  lastSeq: number | null;
  anchoredSeq: number | null;
  ok: boolean;
}

export interface AuditVerification {
  tenantId: string;
  ok: boolean;
  /** Rows read. */
  entries: number;
  chained: number;
  /** Rows dated before chaining began and carrying no chain fields: not covered, not a break. */
  unchained: number;
  /** When the tenant's first entry was chained (epoch ms); null if none ever was. */
  chainStartedAt: number | null;
  chains: ChainReport[];
  breaks: ChainBreak[];
}

export interface VerifyInput {
  tenantId: string;
  rows: readonly StoredAuditRow[];
  heads: readonly ChainHead[];
  chainStartedAt: number | null;
}

type ChainedRow = StoredAuditRow & { writer: string; seq: number; prevHash: string; hash: string };

function isChained(row: StoredAuditRow): row is ChainedRow {
  return row.writer !== null && row.seq !== null && row.prevHash !== null && row.hash !== null;
}

const range = (from: number, to: number) => (from === to ? `seq ${from}` : `seqs ${from}–${to}`);

/** Recomputes every hash and link of a tenant's chains and names each break. */
export async function verifyChains(input: VerifyInput): Promise<AuditVerification> {
  const breaks: ChainBreak[] = [];
  const byWriter = new Map<string, ChainedRow[]>();
  let unchained = 0;
  for (const row of input.rows) {
    if (isChained(row)) {
      const rows = byWriter.get(row.writer) ?? [];
      rows.push(row);
      byWriter.set(row.writer, rows);
    } else if (row.writer === null && row.seq === null && row.prevHash === null && row.hash === null) {
      if (input.chainStartedAt === null || row.at < input.chainStartedAt) unchained += 1;
      else
        breaks.push({
          kind: "inserted",
          writer: null,
          seq: null,
          id: row.id,
          detail:
            "a row with no chain fields dated after chaining began (inserted, or its write was never sealed)",
        });
    } else {
      breaks.push({
        kind: "edited",
        writer: row.writer,
        seq: row.seq,
        id: row.id,
        detail: "the row's chain fields were partly removed",
      });
    }
  }

  const heads = new Map(input.heads.map((head) => [head.writer, head]));
  const writers = [...new Set([...byWriter.keys(), ...heads.keys()])].sort();
  const chains: ChainReport[] = [];
  for (const writer of writers) {
    const rows = byWriter.get(writer) ?? [];
    const found = await verifyChain(writer, rows, heads.get(writer));
    breaks.push(...found);
    chains.push({
      writer,
      entries: rows.length,
      lastSeq: rows.length > 0 ? Math.max(...rows.map((row) => row.seq)) : null,
      anchoredSeq: heads.get(writer)?.seq ?? null,
      ok: found.length === 0,
    });
  }
  const chained = [...byWriter.values()].reduce((sum, rows) => sum + rows.length, 0);
  return {
    tenantId: input.tenantId,
    ok: breaks.length === 0,
    entries: input.rows.length,
    chained,
    unchained,
    chainStartedAt: input.chainStartedAt,
    chains,
    breaks,
  };
}

async function selfConsistent(row: ChainedRow, seq: number): Promise<boolean> {
  return (await entryHash(row, { writer: row.writer, seq, prevHash: row.prevHash })) === row.hash;
}

/** The seq the row's hash was computed for, if it is near where it now stands and not there. */
async function movedFrom(row: ChainedRow, maxSeq: number): Promise<number | undefined> {
  for (let distance = 1; distance <= REORDER_WINDOW; distance++) {
    for (const seq of [row.seq - distance, row.seq + distance]) {
      if (seq >= 1 && seq <= maxSeq + REORDER_WINDOW && (await selfConsistent(row, seq))) return seq;
    }
  }
  return undefined;
}

async function verifyChain(
  writer: string,
  unsorted: readonly ChainedRow[],
  head: ChainHead | undefined,
): Promise<ChainBreak[]> {
  const breaks: ChainBreak[] = [];
  const rows = [...unsorted].sort((a, b) => a.seq - b.seq || a.id.localeCompare(b.id));
  const maxSeq = rows.length > 0 ? (rows[rows.length - 1]?.seq ?? 0) : 0;
  // The hashes something chained to: the next entries' prev_hash, and the anchored head.
  const successors = new Set([...rows.map((row) => row.prevHash), ...(head ? [head.hash] : [])]);

  /** Edited or moved: the row's own hash does not match its content at its seq. */
  const broken = async (row: ChainedRow): Promise<ChainBreak | undefined> => {
    if (await selfConsistent(row, row.seq)) return undefined;
    const from = await movedFrom(row, maxSeq);
    if (from !== undefined)
      return {
        kind: "reordered",
        writer,
        seq: row.seq,
        id: row.id,
        detail: `written as seq ${from}, now stored as seq ${row.seq}`,
      };
    return {
      kind: "edited",
      writer,
      seq: row.seq,
      id: row.id,
      detail: "the row's content no longer matches its hash",
    };
  };

  let expected = 1;
  let previous: { row: ChainedRow; intact: boolean } | undefined;
  const originals = new Map<number, ChainedRow>();
  for (let i = 0; i < rows.length; ) {
    const seq = rows[i]?.seq ?? 0;
    const group: ChainedRow[] = [];
    while (i < rows.length && rows[i]?.seq === seq) group.push(rows[i++] as ChainedRow);

    if (seq < 1) {
      for (const row of group)
        breaks.push({ kind: "inserted", writer, seq, id: row.id, detail: "a seq below 1 is never written" });
      continue;
    }
    const gap = seq > expected;
    if (gap) {
      breaks.push({
        kind: "deleted",
        writer,
        seq: expected,
        id: null,
        detail: `${range(expected, seq - 1)} missing`,
      });
    }

    // Of several rows at one seq, the one that hashes and links is the original; the rest were added.
    const expectedPrev = previous && !gap ? previous.row.hash : seq === 1 ? GENESIS_HASH : undefined;
    const verdicts = await Promise.all(group.map(async (row) => ({ row, problem: await broken(row) })));
    const links = (v: (typeof verdicts)[number]) =>
      expectedPrev === undefined || v.row.prevHash === expectedPrev;
    const original =
      verdicts.find((v) => !v.problem && links(v) && successors.has(v.row.hash)) ??
      verdicts.find((v) => !v.problem && links(v)) ??
      verdicts.find((v) => !v.problem) ??
      verdicts[0];
    for (const verdict of verdicts) {
      if (verdict === original) continue;
      breaks.push(
        verdict.problem?.kind === "reordered"
          ? verdict.problem
          : {
              kind: "inserted",
              writer,
              seq,
              id: verdict.row.id,
              detail: `a second entry at seq ${seq}`,
            },
      );
    }
    if (!original) continue;
    if (original.problem) breaks.push(original.problem);
    else if (previous?.intact && !gap && original.row.prevHash !== previous.row.hash) {
      // Both rows hash correctly but do not link: the earlier one was rewritten and re-hashed.
      breaks.push({
        kind: "edited",
        writer,
        seq: previous.row.seq,
        id: previous.row.id,
        detail: `seq ${seq} was chained to a different entry than the one now stored at seq ${previous.row.seq}`,
      });
    } else if (!previous && seq === 1 && original.row.prevHash !== GENESIS_HASH) {
      breaks.push({
        kind: "inserted",
        writer,
        seq,
        id: original.row.id,
        detail: "the first entry does not start a chain",
      });
    }
    originals.set(seq, original.row);
    previous = { row: original.row, intact: !original.problem };
    expected = seq + 1;
  }

  const last = previous?.row;
  if (!head) {
    if (rows.length > 0)
      breaks.push({
        kind: "inserted",
        writer,
        seq: rows[0]?.seq ?? null,
        id: rows[0]?.id ?? null,
        detail: "no head is anchored for this writer: the whole chain was added outside Cairn",
      });
    return breaks;
  }
  if (!last || last.seq < head.seq) {
    const from = last ? last.seq + 1 : 1;
    breaks.push({
      kind: "truncated",
      writer,
      seq: from,
      id: null,
      detail: `${range(from, head.seq)} missing at the end (the anchored head is seq ${head.seq})`,
    });
    return breaks;
  }
  const atHead = originals.get(head.seq);
  if (atHead && atHead.hash !== head.hash) {
    breaks.push({
      kind: "edited",
      writer,
      seq: atHead.seq,
      id: atHead.id,
      detail: `the entry at the anchored head (seq ${head.seq}) has another hash: the chain was rewritten`,
    });
  }
  for (const row of [...originals.values()].filter((r) => r.seq > head.seq))
    breaks.push({
      kind: "inserted",
      writer,
      seq: row.seq,
      id: row.id,
      detail: `after the anchored head (seq ${head.seq})`,
    });
  return breaks;
}
