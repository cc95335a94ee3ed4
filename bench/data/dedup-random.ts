/** Seeded randomness and slot filling for the benchmark generator: same seed, same stream. */
import type { Slots } from "./dedup-task-templates";
import {
  addresses,
  apps,
  bugs,
  certificates,
  clients,
  materials,
  projects,
  staff,
  suppliers,
  topics,
  trades,
} from "./dedup-vocabulary";

export interface Random {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
}

/** mulberry32: small, fast, and good enough to shuffle a benchmark. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (probability) => next() < probability,
  };
}

const months = ["November", "December"];

function money(random: Random): string {
  const pounds = random.int(180, 14_000);
  return `£${pounds.toLocaleString("en-GB")}.${random.pick(["00", "50", "20", "75"])}`;
}

export function randomSlots(random: Random): Slots {
  const supplier = random.pick(suppliers);
  return {
    client: random.pick(clients),
    project: random.pick(projects),
    address: random.pick(addresses),
    invoice: `INV-${random.int(1000, 1999)}`,
    supplier,
    supplierInvoice: `${supplier.slice(0, 2).toUpperCase()}-${random.int(10000, 99999)}`,
    material: random.pick(materials),
    person: random.pick(staff),
    certificate: random.pick(certificates),
    bug: random.pick(bugs),
    app: random.pick(apps),
    version: `v${random.int(1, 3)}.${random.int(0, 12)}.${random.int(0, 9)}`,
    topic: random.pick(topics),
    trade: random.pick(trades),
    amount: money(random),
    date: `${random.int(1, 28)} ${random.pick(months)}`,
  };
}

/** Replace one identity slot with a different value: same entity, different work. */
export function varySlot(random: Random, slots: Slots, slot: keyof Slots): Slots {
  for (let attempt = 0; attempt < 20; attempt++) {
    const candidate = randomSlots(random)[slot];
    if (candidate !== slots[slot]) return { ...slots, [slot]: candidate };
  }
  return { ...slots, [slot]: `${slots[slot]} (2)` };
}
