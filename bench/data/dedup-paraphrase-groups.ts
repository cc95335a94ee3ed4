/**
 * The shape of a hand-written paraphrase stream (bench/data/dedup-paraphrase-*.ts) and how its
 * labels follow from it. Each group is one real thing — one piece of work, one action, one
 * message — and lists the ways it arrived. Labels come from the groups alone, never from running
 * the algorithm: the first member of a group is new, every later member duplicates the earlier
 * ones. A near miss (the same request for another client, date, amount or document) is its own
 * group, marked with a `neg:` case saying what differs.
 */
import type { LabelledEvent, Layer } from "./dedup-generator";

export interface GroupMember {
  /** Minutes after the group's start. */
  after: number;
  text: string;
  /** Case name for the per-case table; defaults to "first" / "paraphrase". */
  case?: string;
  entity?: string;
  key?: string;
  source?: string;
}

export interface StreamGroup {
  layer: Exclude<Layer, "discovery">;
  tenant: string;
  /** Hours after the stream's start at which the group's first member arrives. */
  start: number;
  /** The first member's case: "first", or "neg:…" for a near miss of another group. */
  case?: string;
  entity?: string;
  /** task: dedup key; proposal: the action (tool name). */
  key?: string;
  source?: string;
  members: GroupMember[];
}

const streamStart = Date.UTC(2026, 11, 1, 7, 0, 0);

/** The labelled events of a set of groups, in time order, with ids `<prefix>-<n>`. */
export function labelGroups(prefix: string, groups: readonly StreamGroup[]): LabelledEvent[] {
  const members = groups.flatMap((group, g) =>
    group.members.map((member, m) => ({
      group,
      g,
      m,
      member,
      at: streamStart + group.start * 3_600_000 + member.after * 60_000,
    })),
  );
  members.sort((a, b) => a.at - b.at || a.g - b.g || a.m - b.m);
  const idsByGroup = new Map<number, string[]>();
  return members.map(({ group, g, member, at }, index) => {
    const id = `${prefix}-${String(index + 1).padStart(4, "0")}`;
    const earlier = idsByGroup.get(g) ?? [];
    idsByGroup.set(g, [...earlier, id]);
    const duplicate = earlier.length > 0;
    const entity = member.entity ?? group.entity;
    const key = member.key ?? group.key;
    const source = member.source ?? group.source;
    return {
      id,
      layer: group.layer,
      tenant: group.tenant,
      text: member.text,
      ...(entity ? { entity } : {}),
      ...(key ? { key } : {}),
      ...(source ? { source } : {}),
      at: new Date(at).toISOString(),
      label: {
        duplicate,
        of: earlier,
        case: member.case ?? (duplicate ? "paraphrase" : (group.case ?? "first")),
        group: `${prefix}#${g}`,
      },
    };
  });
}

/** Proposal arguments as the JSON text a tool call carries. */
export const args = (value: Record<string, unknown>) => JSON.stringify(value);
