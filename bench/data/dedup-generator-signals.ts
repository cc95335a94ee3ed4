/** Channel and discovery groups: redelivered, edited and forwarded messages; findings seen every cycle. */
import type { GroupFactory, Member } from "./dedup-generator-types";
import { benchmarkStart } from "./dedup-generator-types";
import {
  acknowledgements,
  commonQuestions,
  edits,
  findingKinds,
  inboundMessages,
} from "./dedup-message-templates";
import { type Random, randomSlots, varySlot } from "./dedup-random";
import { clients, newsItems, staff, tenants } from "./dedup-vocabulary";

const minute = 60_000;
const hour = 60 * minute;
const originalsPerTenant = 42;
const findingGroupsPerTenant = 22;

const senders = [...staff.map((name) => `u:${name.toLowerCase()}`), ...clients.map((_, i) => `c:${i}`)];

function otherSender(random: Random, sender: string): string {
  return random.pick(senders.filter((s) => s !== sender));
}

/** How a forward looks once a platform has turned it into text. */
function forwarded(random: Random, text: string): string {
  return random.pick([`Fwd: ${text}`, `FW: ${text}`, `---------- Forwarded message ---------\n${text}`]);
}

/** One factory per stream: original texts stay unique across tenants, so a cross-tenant copy is unambiguous. */
export function createChannelGroupFactory(): GroupFactory {
  const written = new Set<string>();
  return (random, tenant, add) => generateChannelGroups(random, tenant, add, written);
}

function generateChannelGroups(
  ...[random, tenant, add, written]: [...Parameters<GroupFactory>, Set<string>]
): void {
  let platformId = random.int(100_000, 800_000);
  const message = (group: string, caseName: string, text: string, sender: string, at: number, key: string) =>
    add({ layer: "channel", group, case: caseName, text, entity: sender, key, source: "telegram", at });

  // Two independent messages that happen to read the same would make the label a guess: keep originals unique.
  for (let m = 0; m < originalsPerTenant; m++) {
    const key = String(platformId++);
    const group = `msg:${key}`;
    const text = random.pick(inboundMessages)(randomSlots(random));
    if (written.has(text)) continue;
    written.add(text);
    const sender = random.pick(senders);
    const at = benchmarkStart + random.int(0, 96 * hour);
    message(group, "first", text, sender, at, key);
    if (random.chance(0.4)) message(group, "retry", text, sender, at + random.int(2_000, 60_000), key);
    if (random.chance(0.15)) message(group, "retry", text, sender, at + random.int(60_000, 5 * minute), key);
    if (random.chance(0.2)) {
      const edited = random.pick(edits)(text, randomSlots(random));
      message(group, "edit", edited, sender, at + random.int(minute, 15 * minute), key);
    }
    if (random.chance(0.25)) {
      const forward = forwarded(random, text);
      message(
        group,
        "forward",
        forward,
        otherSender(random, sender),
        at + random.int(10 * minute, 20 * hour),
        String(platformId++),
      );
    } else if (random.chance(0.12)) {
      // The same person sending the same words again under a new message id (asking again, or
      // pasting into another chat): a new message since issue 21, not a copy to drop.
      const againKey = String(platformId++);
      message(
        `msg:${againKey}`,
        "neg:same-sender-again",
        text,
        sender,
        at + random.int(5 * minute, 20 * hour),
        againKey,
      );
    }
    if (random.chance(0.08)) {
      const other = random.pick(tenants.filter((t) => t !== tenant));
      add({
        layer: "channel",
        tenant: other,
        group,
        case: "neg:cross-tenant",
        text,
        entity: sender,
        key,
        source: "telegram",
        at: at + 1_000,
      });
    }
    if (random.chance(0.06)) {
      // Reposted days later (a weekly reminder): a new message, not a redelivery.
      const repostKey = String(platformId++);
      message(
        `msg:${repostKey}`,
        "neg:repost-days-later",
        text,
        sender,
        at + random.int(50 * hour, 90 * hour),
        repostKey,
      );
    }
  }

  // Identical words from different people are different messages.
  for (let k = 0; k < 6; k++) {
    const at = benchmarkStart + random.int(0, 96 * hour);
    const text =
      k % 2 === 0 ? random.pick(acknowledgements) : random.pick(commonQuestions)(randomSlots(random));
    if (written.has(text)) continue;
    written.add(text);
    const people: string[] = [];
    while (people.length < 3) {
      const sender = random.pick(senders);
      if (!people.includes(sender)) people.push(sender);
    }
    people.forEach((sender, i) => {
      const key = String(platformId++);
      message(
        `msg:${key}`,
        "neg:identical-from-other-sender",
        text,
        sender,
        at + i * random.int(minute, 3 * hour),
        key,
      );
    });
  }
}

export const generateDiscoveryGroups: GroupFactory = (random, _tenant, add) => {
  const used = new Set<string>();
  const finding = (
    kindIndex: number,
    slots: ReturnType<typeof randomSlots>,
    firstCase: string,
    start: number,
  ) => {
    const kind = findingKinds[kindIndex]!;
    // Without a key a finding is what its text says (counts aside), so the text is its identity.
    const group = `${kind.source}|${kindIndex}|${kind.entity(slots)}|${kind.key?.(slots) ?? kind.text(slots, 0)}`;
    if (used.has(group)) return;
    used.add(group);
    const occurrences = 1 + random.int(0, 7);
    const baseCount = random.int(1, 20);
    let at = start;
    for (let i = 0; i < occurrences; i++) {
      // Day counts for table discoverers, hours for message scans: the number grows each cycle.
      const elapsed = at - start;
      const n = baseCount + Math.floor(elapsed / (kind.source === "unanswered_messages" ? hour : 24 * hour));
      const entity = kind.entity(slots);
      add({
        layer: "discovery",
        group,
        case: i === 0 ? firstCase : "repeat",
        text: kind.text(slots, n),
        source: kind.source,
        ...(entity ? { entity } : {}),
        ...(kind.key ? { key: kind.key(slots) } : {}),
        at,
      });
      at += random.int(2 * hour, 14 * hour);
    }
  };

  for (let g = 0; g < findingGroupsPerTenant; g++) {
    const kindIndex = random.int(0, findingKinds.length - 1);
    const slots = randomSlots(random);
    const start = benchmarkStart + random.int(0, 72 * hour);
    finding(kindIndex, slots, "first", start);
    if (random.chance(0.4)) {
      // Another finding about the same entity: a dispute on an overdue invoice, another unanswered question.
      const siblings = findingKinds
        .map((kind, index) => ({ kind, index }))
        .filter(
          ({ kind, index }) =>
            index !== kindIndex && kind.entity(slots) === findingKinds[kindIndex]!.entity(slots),
        );
      const sibling = siblings.length ? random.pick(siblings).index : kindIndex;
      const siblingSlots =
        sibling === kindIndex ? varySlot(random, varySlot(random, slots, "topic"), "project") : slots;
      finding(sibling, siblingSlots, "neg:same-entity-different-finding", start + random.int(0, 12 * hour));
    }
  }

  // A news feed: items re-published with a reworded title are the same finding.
  for (const [index, variants] of newsItems.entries()) {
    if (!random.chance(0.6)) continue;
    let at = benchmarkStart + random.int(0, 72 * hour);
    const occurrences = 1 + random.int(0, 3);
    for (let i = 0; i < occurrences; i++) {
      const text = i === 0 ? variants[0] : random.pick(variants);
      const member: Omit<Member, "tenant"> = {
        layer: "discovery",
        group: `rss|${index}`,
        case: i === 0 ? "first" : text === variants[0] ? "repeat" : "reworded",
        text,
        source: "rss:industry-news",
        at,
      };
      add(member);
      at += random.int(hour, 14 * hour);
    }
  }
};
