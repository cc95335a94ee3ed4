/**
 * The deduplication kernel's contract. Each of the four layers answers with a `DedupVerdict`
 * that says, in a sentence a human can audit, whether the input repeats something already seen.
 */

export const dedupLayers = ["channel", "discovery", "task", "proposal"] as const;
export type DedupLayer = (typeof dedupLayers)[number];

/** What the caller should do with a duplicate. */
export type DuplicateAction =
  /** channel, discovery: drop it; the earlier one already stands for it. */
  | "drop"
  /** task, pending proposal: add it to the earlier one as a comment carrying the reason. */
  | "merge"
  /** recently executed proposal: refuse it, the action has already happened. */
  | "refuse";

export interface DedupVerdict {
  duplicate: boolean;
  layer: DedupLayer;
  /** Why, in a sentence that names the rule and the threshold, for the audit log. */
  reason: string;
  /** The id of the earlier item this one duplicates. */
  of?: string;
  /** Similarity that decided (1 for an exact match); absent when no comparison decided. */
  score?: number;
  /** Present when `duplicate` is true. */
  action?: DuplicateAction;
}

/** The state of a remembered item; only some layers use more than "seen". */
export type DedupRecordState = "seen" | "open" | "closed" | "pending" | "executed" | "rejected";

/**
 * One remembered item. The store keeps these per tenant and layer; a layer never reads another
 * tenant's records because every store call takes the tenant.
 */
export interface DedupRecord {
  tenant: string;
  layer: DedupLayer;
  /** The caller's id of the item (event id, task id, proposal id). */
  id: string;
  /** The exact identity this layer matches on (already normalised), e.g. "msg:slack:Ev123". */
  keys: string[];
  /** Entity the item concerns ("invoice:INV-1042"), when known. */
  entity?: string;
  /** Normalised text, kept so near-duplicate checks can compute exact Jaccard. */
  text?: string;
  /** Names and identifiers in the original text (see `nameTokens`), which must overlap for a near match. */
  names?: string[];
  /** MinHash signature of `text`'s shingles. */
  signature?: number[];
  /** Content words of the original text ("^" marks a clause's verb), when word meanings were configured. */
  words?: string[];
  /** Embedding of the original text, when an embedding function was configured. */
  embedding?: number[];
  state: DedupRecordState;
  /** Epoch milliseconds of the item (not of when it was stored). */
  at: number;
}

/**
 * Where verdicts look up what came before. The Worker backs it with the Tenant Durable Object's
 * SQLite, the CLI and tests with `MemoryDedupStore`. A check and the `put` that follows must run
 * without another check interleaving for the same tenant (a Durable Object's input gate gives
 * that), so two agents racing on the same work get one "new" and one "duplicate".
 */
export interface DedupStore {
  /** Records of this tenant and layer that carry `key`, newest first. */
  findByKey(tenant: string, layer: DedupLayer, key: string): Promise<DedupRecord[]>;
  /** Records of this tenant and layer in one of `states`, at or after `since`, newest first. */
  listRecent(
    tenant: string,
    layer: DedupLayer,
    options: { states: readonly DedupRecordState[]; since?: number; limit: number },
  ): Promise<DedupRecord[]>;
  /** Insert, or replace the record with the same tenant, layer and id. */
  put(record: DedupRecord): Promise<void>;
  /** Change the state of one record; unknown ids are ignored. */
  setState(
    tenant: string,
    layer: DedupLayer,
    id: string,
    state: DedupRecordState,
    at?: number,
  ): Promise<void>;
}

/** Optional semantic similarity: returns one vector per text, same dimension every call. */
export type EmbedFunction = (texts: string[]) => Promise<number[][]>;
