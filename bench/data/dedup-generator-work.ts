/** Task and proposal groups: repeated work, reworded work, and different work on the same entity. */
import type { GroupFactory, Member } from "./dedup-generator-types";
import { benchmarkStart } from "./dedup-generator-types";
import { proposalIntents } from "./dedup-message-templates";
import { type Random, randomSlots, varySlot } from "./dedup-random";
import { type Slots, type TaskKind, taskKinds } from "./dedup-task-templates";
import { tenants } from "./dedup-vocabulary";

const hour = 3_600_000;
const groupsPerTenant = { task: 45, proposal: 36 };

/** The same words typed again: case and trailing punctuation change, nothing else. */
function retyped(random: Random, text: string): string {
  const variants = [
    text,
    text.toLowerCase(),
    `${text.replace(/[.!?]$/, "")}.`,
    `${text} !`,
    text.toUpperCase(),
  ];
  return random.pick(variants);
}

function identityOf(name: string, identity: ReadonlyArray<keyof Slots>, slots: Slots): string {
  return `${name}|${identity.map((slot) => slots[slot]).join("|")}`;
}

function otherTenant(random: Random, tenant: string): string {
  return random.pick(tenants.filter((t) => t !== tenant));
}

export const generateTaskGroups: GroupFactory = (random, tenant, add) => {
  const used = new Set<string>();

  const emit = (kind: TaskKind, slots: Slots, firstCase: string, start: number): boolean => {
    const group = identityOf(kind.name, kind.identity, slots);
    if (used.has(group)) return false;
    used.add(group);
    const texts: string[] = [];
    let at = start;
    const members = 1 + random.int(0, 3);
    for (let i = 0; i < members; i++) {
      const paraphrase = i === 0 || random.chance(0.6);
      const text =
        paraphrase || texts.length === 0
          ? random.pick(kind.paraphrases)(slots)
          : retyped(random, random.pick(texts));
      const exact = texts.includes(text) || !paraphrase;
      texts.push(text);
      const member: Omit<Member, "tenant"> = {
        layer: "task",
        group,
        case: i === 0 ? firstCase : exact ? "exact" : "paraphrase",
        text,
        at,
        ...(random.chance(0.75) ? { entity: kind.entity(slots) } : {}),
        ...(kind.key && random.chance(0.5) ? { key: kind.key(slots) } : {}),
      };
      add(member);
      if (i === 0 && random.chance(0.1))
        add({ ...member, tenant: otherTenant(random, tenant), case: "neg:cross-tenant" });
      at += random.int(10 * 60_000, 30 * hour);
    }
    return true;
  };

  for (let g = 0; g < groupsPerTenant.task; g++) {
    const kind = random.pick(taskKinds);
    const slots = randomSlots(random);
    const start = benchmarkStart + random.int(0, 96 * hour);
    if (!emit(kind, slots, "first", start)) continue;
    if (!random.chance(0.55)) continue;
    // A sibling: different work that looks alike — same entity where the kind allows it.
    const sameEntitySlots = kind.identity.filter(
      (slot) => kind.entity(varySlot(random, slots, slot)) === kind.entity(slots),
    );
    const siblingStart = start + random.int(-12 * hour, 24 * hour);
    if (sameEntitySlots.length > 0 && random.chance(0.6)) {
      emit(
        kind,
        varySlot(random, slots, random.pick(sameEntitySlots)),
        "neg:same-entity-different-work",
        siblingStart,
      );
    } else {
      const others = taskKinds.filter((k) => k.name !== kind.name && k.entity(slots) === kind.entity(slots));
      if (others.length > 0) emit(random.pick(others), slots, "neg:same-entity-different-work", siblingStart);
      else
        emit(
          kind,
          varySlot(random, slots, random.pick(kind.identity)),
          "neg:same-kind-other-entity",
          siblingStart,
        );
    }
  }
};

export const generateProposalGroups: GroupFactory = (random, tenant, add) => {
  const used = new Set<string>();

  const emit = (intentIndex: number, slots: Slots, firstCase: string, start: number): boolean => {
    const intent = proposalIntents[intentIndex]!;
    const group = identityOf(`${intent.action}#${intentIndex}`, intent.identity, slots);
    if (used.has(group)) return false;
    used.add(group);
    let at = start;
    const members = 1 + random.int(0, 3);
    let firstText = "";
    for (let i = 0; i < members; i++) {
      const text = JSON.stringify(random.pick(intent.wordings)(slots));
      if (i === 0) firstText = text;
      const member: Omit<Member, "tenant"> = {
        layer: "proposal",
        group,
        case: i === 0 ? firstCase : text === firstText ? "exact" : "reworded-arguments",
        text,
        key: intent.action,
        entity: intent.target(slots),
        at,
      };
      add(member);
      if (i === 0 && random.chance(0.1))
        add({ ...member, tenant: otherTenant(random, tenant), case: "neg:cross-tenant" });
      at += random.int(60_000, 20 * hour);
    }
    return true;
  };

  for (let g = 0; g < groupsPerTenant.proposal; g++) {
    const intentIndex = random.int(0, proposalIntents.length - 1);
    const intent = proposalIntents[intentIndex]!;
    const slots = randomSlots(random);
    const start = benchmarkStart + random.int(0, 96 * hour);
    if (!emit(intentIndex, slots, "first", start) || !random.chance(0.5)) continue;
    const siblingStart = start + random.int(-6 * hour, 12 * hour);
    const sameTarget = intent.identity.filter(
      (slot) => intent.target(varySlot(random, slots, slot)) === intent.target(slots),
    );
    const otherIntents = proposalIntents
      .map((other, index) => ({ other, index }))
      .filter(({ other, index }) => index !== intentIndex && other.target(slots) === intent.target(slots));
    if (otherIntents.length > 0 && random.chance(0.5)) {
      emit(random.pick(otherIntents).index, slots, "neg:same-target-different-action", siblingStart);
    } else if (sameTarget.length > 0) {
      emit(
        intentIndex,
        varySlot(random, slots, random.pick(sameTarget)),
        "neg:same-target-different-arguments",
        siblingStart,
      );
    }
  }
};
