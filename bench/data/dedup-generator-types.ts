/** The shapes the dedup stream generator and its group factories share. */
import type { Random } from "./dedup-random";

export type Layer = "channel" | "discovery" | "task" | "proposal";

/** One generated event before labelling: which group it belongs to and why it was made. */
export interface Member {
  layer: Layer;
  tenant: string;
  group: string;
  /** What kind of case this event is, for the per-case table (e.g. "paraphrase", "retry"). */
  case: string;
  text: string;
  entity?: string;
  key?: string;
  source?: string;
  at: number;
}

export interface LabelledEvent {
  id: string;
  layer: Layer;
  tenant: string;
  text: string;
  entity?: string;
  key?: string;
  source?: string;
  at: string;
  label: { duplicate: boolean; of: string[]; case: string; group: string };
}

export const benchmarkStart = Date.UTC(2026, 10, 2, 8, 0, 0);
export const discoveryWindowMs = 24 * 3_600_000;

/** Adds one tenant's groups for one layer; `tenant` on a member overrides it (cross-tenant copies). */
export type GroupFactory = (
  random: Random,
  tenant: string,
  add: (member: Omit<Member, "tenant"> & { tenant?: string }) => void,
) => void;
