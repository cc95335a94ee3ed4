/**
 * The audit log's hash chains: pure hashing and verification, no platform code.
 *
 * Every writer (a ContextThread, an AgentLoop, the Tenant object, the admin API, the outbound
 * consumer) has its own chain: entry n of writer w carries `seq = n`, the hash of entry n-1 as
 * `prev_hash` (64 zeros for the first) and `hash = SHA-256(canonicalEntry(entry))`, where the
 * canonical form is a JSON array in a fixed order that includes the tenant, the writer, the seq
 * and the previous hash. The Tenant object keeps each chain's head (writer, seq, hash) apart from
 * D1; `verifyChains` (verify-chains.ts) recomputes every hash, checks seq continuity and the
 * links, compares each chain's last entry with its anchored head and names each break
 * (docs/security.md).
 */
import { sha256Hex } from "../digest";

/** `prev_hash` of a chain's first entry. */
export const GENESIS_HASH = "0".repeat(64);

/** Bumped if the canonical form ever changes; it is hashed, so old entries keep verifying as what they were. */
const CANONICAL_VERSION = "cairn.audit.v1";

/** The columns of an audit row that the hash covers (besides the chain fields). */
export interface AuditContent {
  id: string;
  tenantId: string;
  at: number;
  actor: string;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  threadId: string | null;
  agentId: string | null;
  detail: unknown;
}

export interface ChainPosition {
  writer: string;
  seq: number;
  prevHash: string;
}

export interface ChainLink extends ChainPosition {
  id: string;
  hash: string;
}

export interface ChainHead {
  writer: string;
  seq: number;
  hash: string;
}

/** A row as stored: the chain fields are null on rows written before chaining (or never sealed). */
export interface StoredAuditRow extends AuditContent {
  writer: string | null;
  seq: number | null;
  prevHash: string | null;
  hash: string | null;
}

/** Writer ids: one chain each. */
export const auditWriter = {
  thread: (threadId: string) => `thread:${threadId}`,
  agentLoop: (agentId: string) => `agent-loop:${agentId}`,
  tenant: "tenant",
  api: "api",
  /** Decisions and sign-ins of members in the dashboard. */
  dashboard: "dashboard",
  outbound: "outbound",
} as const;

/** A value with every object's keys sorted (recursively) and `undefined` as JSON drops it. */
function canonicalValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : canonicalValue(item)));
  if (value !== null && typeof value === "object") {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) sorted[key] = canonicalValue(item);
    }
    return sorted;
  }
  return value;
}

/** The exact text that is hashed: fixed field order, tenant, writer, seq and previous hash included. */
export function canonicalEntry(entry: AuditContent, position: ChainPosition): string {
  return JSON.stringify([
    CANONICAL_VERSION,
    entry.tenantId,
    position.writer,
    position.seq,
    position.prevHash,
    entry.id,
    entry.at,
    entry.actor,
    entry.action,
    entry.subjectType ?? null,
    entry.subjectId ?? null,
    entry.threadId ?? null,
    entry.agentId ?? null,
    canonicalValue(entry.detail ?? null),
  ]);
}

export function entryHash(entry: AuditContent, position: ChainPosition): Promise<string> {
  return sha256Hex(canonicalEntry(entry, position));
}

/** The chain fields for `entries`, in order, appended after `head` (none: a new chain). */
export async function extendChain(
  writer: string,
  head: { seq: number; hash: string } | undefined,
  entries: readonly AuditContent[],
): Promise<ChainLink[]> {
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const links: ChainLink[] = [];
  for (const entry of entries) {
    seq += 1;
    const position = { writer, seq, prevHash };
    const hash = await entryHash(entry, position);
    links.push({ id: entry.id, ...position, hash });
    prevHash = hash;
  }
  return links;
}
