/**
 * The labelled benchmark stream. Every event belongs to a ground-truth group — one real
 * message, one finding, one piece of work, one action — decided when the event is generated
 * from the templates. Labels follow from the groups and the written definitions of the layers
 * (docs/dedup.md), never from running the algorithm:
 * - channel, task, proposal: an event is a duplicate of the earlier events of its group;
 * - discovery: an event is a duplicate while the group's last *reported* event is less than the
 *   discovery window (24h) old; after that it is reported again.
 */
import { createChannelGroupFactory, generateDiscoveryGroups } from "./dedup-generator-signals";
import {
  discoveryWindowMs,
  type GroupFactory,
  type LabelledEvent,
  type Layer,
  type Member,
} from "./dedup-generator-types";
import { generateProposalGroups, generateTaskGroups } from "./dedup-generator-work";
import { type Random, seededRandom } from "./dedup-random";
import { tenants } from "./dedup-vocabulary";

export {
  benchmarkStart,
  discoveryWindowMs,
  type GroupFactory,
  type LabelledEvent,
  type Layer,
  type Member,
} from "./dedup-generator-types";

/** Cases that are new by construction; anything else that comes first in its group is just "first". */
const isNegativeCase = (name: string) => name.startsWith("neg:");

function label(members: Member[]): LabelledEvent[] {
  const sorted = members
    .map((member, index) => ({ member, index }))
    .sort((a, b) => a.member.at - b.member.at || a.index - b.index);
  const reported = new Map<string, { id: string; at: number }>();
  const earlierMembers = new Map<string, string[]>();
  const counters = new Map<string, number>();
  return sorted.map(({ member }) => {
    const counterKey = `${member.tenant}/${member.layer}`;
    const n = (counters.get(counterKey) ?? 0) + 1;
    counters.set(counterKey, n);
    const id = `${member.tenant.slice(0, 2)}-${member.layer.slice(0, 2)}-${String(n).padStart(4, "0")}`;
    // Groups are per tenant by construction: tenants never dedup against each other.
    const groupKey = `${member.tenant}/${member.layer}/${member.group}`;
    const last = reported.get(groupKey);
    const repeats =
      last !== undefined && (member.layer !== "discovery" || member.at - last.at < discoveryWindowMs);
    if (!repeats) reported.set(groupKey, { id, at: member.at });
    // Any earlier event of the group is an acceptable "of": after one miss, merging into the
    // missed copy still lands on the same work.
    const acceptable = earlierMembers.get(groupKey) ?? [];
    earlierMembers.set(groupKey, [...acceptable, id]);
    const { layer, tenant, text, entity, key, source } = member;
    return {
      id,
      layer,
      tenant,
      text,
      ...(entity ? { entity } : {}),
      ...(key ? { key } : {}),
      ...(source ? { source } : {}),
      at: new Date(member.at).toISOString(),
      label: {
        duplicate: repeats,
        of: repeats ? acceptable : [],
        // A group's first event is new whatever case it was generated as.
        case: repeats
          ? member.case
          : last
            ? "after-window"
            : isNegativeCase(member.case)
              ? member.case
              : "first",
        group: member.group,
      },
    };
  });
}

/**
 * The full stream for one seed, in time order.
 * @param scale groups per tenant and layer; the default gives about 1,600 events
 */
export function generateDedupStream(seed: number, scale = 1): LabelledEvent[] {
  const random = seededRandom(seed);
  const members: Member[] = [];
  const factories: Record<Layer, GroupFactory> = {
    channel: createChannelGroupFactory(),
    discovery: generateDiscoveryGroups,
    task: generateTaskGroups,
    proposal: generateProposalGroups,
  };
  for (const tenant of tenants) {
    for (const factory of Object.values(factories)) {
      for (let round = 0; round < scale; round++) {
        factory(random, tenant, (member) => members.push({ ...member, tenant: member.tenant ?? tenant }));
      }
    }
  }
  return label(members);
}
