/** What a discoverer gets and gives: findings the cycle deduplicates and turns into tasks. */
import type { Database } from "../../../db/client";
import type { DiscoverySource } from "../../../kernel/agents/schema";
import type { Policy } from "../../../kernel/policy";

export interface DiscoveredWork {
  /** Which discoverer found it ("overdue_invoices", "http:https://…"); the discovery layer's scope. */
  source: string;
  /** What it concerns ("invoice:INV-1042"); tasks on different entities never merge. */
  entity?: string | undefined;
  /** The discoverer's own identity for the work ("overdue:INV-1042"); also the task's dedup key. */
  key?: string | undefined;
  /** The finding as a sentence (may carry counts that grow; the discovery layer masks them). */
  text: string;
  /** The task to file when the finding is new. */
  title: string;
  taskType: string;
  priority: number;
  dueAt?: number | undefined;
  /** The task this work follows up, if any (stale tasks). */
  parentId?: string | undefined;
}

export interface DiscoveryContext {
  db: Database;
  tenantId: string;
  agentId: string;
  now: number;
  /** The agent's effective policy: the HTTP source fetches only what it allows. */
  policy: Policy;
  fetch: typeof fetch;
  /** A discoverer that was refused or failed says so here; the cycle's reflection records it. */
  note(problem: string): void;
}

export type Discoverer<K extends DiscoverySource["kind"]> = (
  source: Extract<DiscoverySource, { kind: K }>,
  context: DiscoveryContext,
) => Promise<DiscoveredWork[]>;
