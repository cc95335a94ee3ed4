import type { PlatformSource } from "../../kernel/context/threads";
import { pick, type Rng } from "./context-workload-text";
import type { DirectoryEntity, RequiredFact } from "./context-workload-types";

/**
 * The benchmark's questions. Each needs one or two specific facts; some name their subject, some
 * are asked inside a platform thread and rely on it ("what's the amount due here?"), and some need
 * a fact of a related entity (the client's billing contact, asked in the project's topic).
 */

export interface Asked {
  text: string;
  author: string;
  source: PlatformSource;
  participants: string[];
  required: RequiredFact[];
}

/** Where to post: `threaded` asks inside the entity's platform thread; undefined when it has none yet. */
export type QuestionChannel = (
  entity: DirectoryEntity,
  threaded: boolean,
) => { author: string; source: PlatformSource; participants: string[] } | undefined;

interface QuestionShape {
  kind: DirectoryEntity["kind"];
  threaded: boolean;
  text: (
    entity: DirectoryEntity,
    client: DirectoryEntity | undefined,
    sibling: DirectoryEntity | undefined,
  ) => string;
  /** [subject, attribute] pairs: "self", "client" (the entity's client) or "sibling" (an invoice of the client). */
  needs: ["self" | "client" | "sibling", string][];
}

const SHAPES: readonly QuestionShape[] = [
  {
    kind: "invoice",
    threaded: false,
    text: (e) => `What is the amount due on ${e.name} right now?`,
    needs: [["self", "amount_due"]],
  },
  { kind: "invoice", threaded: false, text: (e) => `When is ${e.name} due?`, needs: [["self", "due_date"]] },
  {
    kind: "invoice",
    threaded: false,
    text: (e) => `What's the status of ${e.name} and how much is still due?`,
    needs: [
      ["self", "status"],
      ["self", "amount_due"],
    ],
  },
  {
    kind: "invoice",
    threaded: true,
    text: () => "Quick check: what's the amount due here now?",
    needs: [["self", "amount_due"]],
  },
  {
    kind: "invoice",
    threaded: true,
    text: () => "What is the current status and due date of this one?",
    needs: [
      ["self", "status"],
      ["self", "due_date"],
    ],
  },
  {
    kind: "client",
    threaded: false,
    text: (e) => `Who is the billing contact at ${e.name}?`,
    needs: [["self", "billing_contact"]],
  },
  {
    kind: "client",
    threaded: false,
    text: (e) => `What payment terms do we have with ${e.aliases[0]}?`,
    needs: [["self", "payment_terms"]],
  },
  {
    kind: "client",
    threaded: false,
    text: (e, _c, sibling) => `${e.name}: what are the payment terms, and when is ${sibling?.name} due?`,
    needs: [
      ["self", "payment_terms"],
      ["sibling", "due_date"],
    ],
  },
  {
    kind: "project",
    threaded: false,
    text: (e) => `What is the deadline for ${e.name}?`,
    needs: [["self", "deadline"]],
  },
  {
    kind: "project",
    threaded: false,
    text: (e) => `What budget do we have for ${e.name}, and who leads it?`,
    needs: [
      ["self", "budget"],
      ["self", "project_lead"],
    ],
  },
  {
    kind: "project",
    threaded: true,
    text: () => "What's our deadline on this now?",
    needs: [["self", "deadline"]],
  },
  {
    kind: "project",
    threaded: true,
    text: () => "Who is the client's billing contact for this project's invoices?",
    needs: [["client", "billing_contact"]],
  },
];

export function askQuestion(
  rng: Rng,
  entities: readonly DirectoryEntity[],
  byId: ReadonlyMap<string, DirectoryEntity>,
  truth: ReadonlyMap<string, string>,
  channel: QuestionChannel,
): Asked | undefined {
  // A few tries: early on, many facts have not been stated yet and cannot be asked about.
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const shape = pick(rng, SHAPES);
    const entity = pick(
      rng,
      entities.filter((candidate) => candidate.kind === shape.kind),
    );
    const client = entity.clientId ? byId.get(entity.clientId) : undefined;
    const invoices = entities.filter(
      (candidate) => candidate.kind === "invoice" && candidate.clientId === entity.entityId,
    );
    const sibling = invoices.length > 0 ? pick(rng, invoices) : undefined;
    const subjects = { self: entity, client, sibling };
    const required: RequiredFact[] = [];
    for (const [who, attribute] of shape.needs) {
      const subject = subjects[who];
      const value = subject ? truth.get(`${subject.entityId}/${attribute}`) : undefined;
      if (!subject || value === undefined) break;
      required.push({ subjectId: subject.entityId, attribute, value });
    }
    if (required.length !== shape.needs.length) continue;
    const where = channel(entity, shape.threaded);
    if (!where) continue;
    return { text: shape.text(entity, client, sibling), ...where, required };
  }
  return undefined;
}
