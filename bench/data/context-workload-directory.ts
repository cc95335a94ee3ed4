import type { EntityKind } from "../../kernel/context/threads";
import {
  CLIENT_PREFIXES,
  CLIENT_SUFFIXES,
  chance,
  FIRST_NAMES,
  PROJECT_WORDS,
  pick,
  type Rng,
} from "./context-workload-text";
import type { DirectoryEntity } from "./context-workload-types";

/** The benchmark tenant's entities table and the values its facts take. */

export const DAY_MS = 86_400_000;
export const WORKLOAD_START = Date.UTC(2026, 0, 5, 8);

export const ATTRIBUTES: Readonly<Record<EntityKind, readonly string[]>> = {
  invoice: ["amount_due", "due_date", "status"],
  client: ["billing_contact", "payment_terms"],
  project: ["deadline", "budget", "project_lead"],
};

export function makeDirectory(rng: Rng): DirectoryEntity[] {
  const entities: DirectoryEntity[] = [];
  for (const [i, prefix] of CLIENT_PREFIXES.entries()) {
    const domain = `${prefix.toLowerCase()}.example`;
    entities.push({
      entityId: `client-${i + 1}`,
      kind: "client",
      name: `${prefix} ${CLIENT_SUFFIXES[i % CLIENT_SUFFIXES.length]}`,
      aliases: [prefix],
      contacts: [`${pick(rng, FIRST_NAMES).toLowerCase()}@${domain}`, `accounts@${domain}`],
    });
  }
  const clients = [...entities];
  let invoiceNumber = 1040;
  for (const client of clients) {
    const invoices = chance(rng, 0.5) ? 2 : 1;
    for (let n = 0; n < invoices; n += 1) {
      invoiceNumber += 1 + Math.floor(rng() * 7);
      entities.push({
        entityId: `invoice-${invoiceNumber}`,
        kind: "invoice",
        name: `INV-${invoiceNumber}`,
        aliases: [],
        clientId: client.entityId,
        contacts: [],
      });
    }
  }
  for (const [i, client] of clients.slice(0, 12).entries()) {
    entities.push({
      entityId: `project-${i + 1}`,
      kind: "project",
      name: `${client.aliases[0]} ${PROJECT_WORDS[i % PROJECT_WORDS.length]}`,
      aliases: [],
      clientId: client.entityId,
      contacts: [],
    });
  }
  return entities;
}

/** A value different from the current one, distinctive enough that a stray match is unlikely. */
export function newValue(
  rng: Rng,
  attribute: string,
  entity: DirectoryEntity,
  current: string | undefined,
): string {
  for (;;) {
    const value = candidateValue(rng, attribute, entity);
    if (value !== current) return value;
  }
}

function candidateValue(rng: Rng, attribute: string, entity: DirectoryEntity): string {
  const date = () =>
    new Date(WORKLOAD_START + Math.floor(20 + rng() * 100) * DAY_MS).toISOString().slice(0, 10);
  const money = (min: number, max: number) =>
    `$${(min + Math.floor(rng() * (max - min) * 100) / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  switch (attribute) {
    case "amount_due":
      return money(800, 15_000);
    case "budget":
      return money(5_000, 80_000);
    case "due_date":
    case "deadline":
      return date();
    case "status":
      return pick(rng, ["sent", "overdue", "disputed", "partially paid", "paid"]);
    case "payment_terms":
      return pick(rng, ["net 15", "net 30", "net 45", "net 60", "due on receipt"]);
    case "billing_contact":
      return `${pick(rng, FIRST_NAMES).toLowerCase()}.${pick(rng, FIRST_NAMES).toLowerCase()}@${entity.aliases[0]?.toLowerCase()}.example`;
    case "project_lead":
      return `${pick(rng, FIRST_NAMES)} ${pick(rng, ["Berg", "Costa", "Dahl", "Ekman", "Fischer", "Gallo", "Holm", "Ivanov"])}`;
    default:
      throw new Error(`no values for ${attribute}`);
  }
}
