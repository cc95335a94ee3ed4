import { emailThreadKeys } from "../../channels/email/thread-keys";
import { slackThreadKeys } from "../../channels/slack/thread-keys";
import { telegramThreadKeys } from "../../channels/telegram/thread-keys";
import type { EntityKind, InboundItem, PlatformSource } from "../../kernel/context/threads";
import {
  ATTRIBUTES,
  DAY_MS as DAY,
  makeDirectory,
  newValue,
  WORKLOAD_START as START,
} from "./context-workload-directory";
import { askQuestion } from "./context-workload-questions";
import type { DirectoryEntity, RequiredFact } from "./context-workload-types";

export type { DirectoryEntity, RequiredFact } from "./context-workload-types";
export { ATTRIBUTES };

import {
  CHATTER,
  chance,
  createRng,
  FREEFORM_FACT_TEMPLATES,
  GENERAL_CHATTER,
  KNOWLEDGE_BASE,
  NAMED_FACT_TEMPLATES,
  pick,
  type Rng,
  TEAM,
  UNNAMED_FACT_TEMPLATES,
} from "./context-workload-text";

/**
 * Generates the context benchmark's tenant: clients, invoices and projects, eight weeks of
 * messages on Slack, Telegram forum topics and email, facts that change along the way, and
 * questions whose answers need specific facts. The ground truth (which fact values are current
 * when a question is asked) is returned separately and only the scorer reads it.
 */

export interface WorkloadEvent {
  type: "message" | "question";
  at: number;
  author: string;
  item: InboundItem;
}

export interface Workload {
  tenantId: string;
  entities: DirectoryEntity[];
  events: WorkloadEvent[];
  knowledge: { id: string; text: string }[];
}

export interface GroundTruth {
  required: Record<string, RequiredFact[]>;
  /** message id → the entity the generator wrote it about (undefined: general chatter). */
  intendedEntity: Record<string, string | undefined>;
  factStatements: number;
  freeformStatements: number;
  /** "entityId/attribute" → the message that last stated its value (evidence for context-eval). */
  lastStatedBy: Record<string, string>;
}

const TENANT = "tenant-bench";

export function generateContextWorkload(
  seed: number,
  options = { days: 56, messagesPerDay: 37, questionsPerDay: 3 },
) {
  const rng = createRng(seed);
  const entities = makeDirectory(rng);
  const byId = new Map(entities.map((entity) => [entity.entityId, entity]));
  const truth = new Map<string, string>();
  const events: WorkloadEvent[] = [];
  const required: Record<string, RequiredFact[]> = {};
  const intendedEntity: Record<string, string | undefined> = {};
  const slackRoots = new Map<string, string>();
  const topics = new Map<string, { topicId: number; lastMessageId?: number }>();
  const emailChains = new Map<string, string>();
  let counter = 0;
  let telegramMessageId = 1;
  const lastStatedBy: Record<string, string> = {};
  let factStatements = 0;
  let freeformStatements = 0;

  const push = (
    type: WorkloadEvent["type"],
    at: number,
    author: string,
    text: string,
    source: PlatformSource,
    participants: string[],
  ) => {
    counter += 1;
    const id = `${type === "question" ? "q" : "m"}${counter}`;
    events.push({
      type,
      at,
      author,
      item: { kind: "message", id, tenantId: TENANT, text, source, participants },
    });
    return id;
  };

  /** Where a message about `entity` is posted, and whether its text has to name the entity. */
  const channelFor = (entity: DirectoryEntity, at: number, forceNamed: boolean) => {
    const ts = `${Math.floor(at / 1000)}.${String(counter).padStart(6, "0")}`;
    const team = `U-${pick(rng, TEAM)}`;
    if (entity.kind === "invoice") {
      const root = slackRoots.get(entity.entityId);
      if (forceNamed || !root || chance(rng, 0.08)) {
        const channelId = chance(rng, 0.7) ? "CBILLING" : "CGENERAL";
        if (channelId === "CBILLING") slackRoots.set(entity.entityId, ts);
        return {
          named: true,
          author: team,
          participants: [team],
          source: slackThreadKeys({ channelId, ts }),
        };
      }
      return {
        named: false,
        author: team,
        participants: [team],
        source: slackThreadKeys({ channelId: "CBILLING", ts, threadTs: root }),
      };
    }
    if (entity.kind === "client") {
      if (!forceNamed && chance(rng, 0.6)) {
        const contact = pick(rng, entity.contacts);
        const messageId = `<${counter}.${entity.entityId}@mail.example>`;
        const inReplyTo = chance(rng, 0.5) ? emailChains.get(entity.entityId) : undefined;
        emailChains.set(entity.entityId, messageId);
        return {
          named: false,
          author: contact,
          participants: [contact, "team@tenant.example"],
          source: emailThreadKeys({ messageId, inReplyTo }),
        };
      }
      return {
        named: true,
        author: team,
        participants: [team],
        source: slackThreadKeys({ channelId: "CGENERAL", ts }),
      };
    }
    const topic = topics.get(entity.entityId)!;
    const messageId = telegramMessageId++;
    const named = forceNamed || topic.lastMessageId === undefined;
    const replyToMessageId = !named && chance(rng, 0.4) ? topic.lastMessageId : undefined;
    topic.lastMessageId = messageId;
    const user = `tg-${pick(rng, TEAM)}`;
    return {
      named,
      author: user,
      participants: [user],
      source: telegramThreadKeys({ chatId: "-1001", messageId, topicId: topic.topicId, replyToMessageId }),
    };
  };

  /** Questions come from the team: named ones in #general, threaded ones inside the entity's thread or topic. */
  const questionChannel = (entity: DirectoryEntity, threaded: boolean, at: number) => {
    const ts = `${Math.floor(at / 1000)}.${String(counter).padStart(6, "0")}`;
    const asker = pick(rng, TEAM);
    if (!threaded) {
      return {
        author: `U-${asker}`,
        participants: [`U-${asker}`],
        source: slackThreadKeys({ channelId: "CGENERAL", ts }),
      };
    }
    if (entity.kind === "invoice") {
      const root = slackRoots.get(entity.entityId);
      if (!root) return undefined;
      return {
        author: `U-${asker}`,
        participants: [`U-${asker}`],
        source: slackThreadKeys({ channelId: "CBILLING", ts, threadTs: root }),
      };
    }
    const topic = topics.get(entity.entityId);
    if (!topic || topic.lastMessageId === undefined) return undefined;
    const messageId = telegramMessageId++;
    topic.lastMessageId = messageId;
    return {
      author: `tg-${asker}`,
      participants: [`tg-${asker}`],
      source: telegramThreadKeys({ chatId: "-1001", messageId, topicId: topic.topicId }),
    };
  };

  for (const [i, project] of entities.filter((e) => e.kind === "project").entries()) {
    topics.set(project.entityId, { topicId: 10 + i });
  }
  const weights: [EntityKind | "general", number][] = [
    ["invoice", 0.45],
    ["client", 0.25],
    ["project", 0.2],
    ["general", 0.1],
  ];

  for (let day = 0; day < options.days; day += 1) {
    const questionSlots = new Set(
      day >= 5
        ? Array.from({ length: options.questionsPerDay }, () => Math.floor(rng() * options.messagesPerDay))
        : [],
    );
    for (let slot = 0; slot < options.messagesPerDay; slot += 1) {
      const at = START + day * DAY + Math.floor((slot / options.messagesPerDay) * 10 * 3_600_000);
      if (questionSlots.has(slot)) {
        const asked = askQuestion(rng, entities, byId, truth, (entity, threaded) =>
          questionChannel(entity, threaded, at),
        );
        if (asked)
          required[push("question", at, asked.author, asked.text, asked.source, asked.participants)] =
            asked.required;
      }
      const kind = weightedKind(rng, weights);
      if (kind === "general") {
        const ts = `${Math.floor(at / 1000)}.${String(counter).padStart(6, "0")}`;
        intendedEntity[
          push(
            "message",
            at,
            `U-${pick(rng, TEAM)}`,
            pick(rng, GENERAL_CHATTER),
            slackThreadKeys({ channelId: "CGENERAL", ts }),
            [],
          )
        ] = undefined;
        continue;
      }
      const entity = pick(
        rng,
        entities.filter((e) => e.kind === kind),
      );
      const channel = channelFor(entity, at, false);
      const subject =
        entity.kind === "invoice" ? `${entity.name} (${byId.get(entity.clientId!)!.name})` : entity.name;
      let text: string;
      let statedKey: string | undefined;
      if (chance(rng, 0.3)) {
        const attribute = pick(rng, ATTRIBUTES[entity.kind]);
        const value = newValue(rng, attribute, entity, truth.get(`${entity.entityId}/${attribute}`));
        const freeform = !channel.named && chance(rng, 0.03);
        const template = pick(
          rng,
          (freeform
            ? FREEFORM_FACT_TEMPLATES
            : channel.named
              ? NAMED_FACT_TEMPLATES
              : UNNAMED_FACT_TEMPLATES)[attribute]!,
        );
        text = template.replace("{subject}", subject).replace("{value}", value);
        truth.set(`${entity.entityId}/${attribute}`, value);
        statedKey = `${entity.entityId}/${attribute}`;
        factStatements += 1;
        if (freeform) freeformStatements += 1;
      } else {
        text = channel.named ? `About ${subject}: ${pick(rng, CHATTER)}` : pick(rng, CHATTER);
      }
      const messageId = push("message", at, channel.author, text, channel.source, channel.participants);
      intendedEntity[messageId] = entity.entityId;
      if (statedKey) lastStatedBy[statedKey] = messageId;
    }
  }

  const workload: Workload = {
    tenantId: TENANT,
    entities,
    events,
    knowledge: KNOWLEDGE_BASE.map((text, i) => ({ id: `kb-${i + 1}`, text })),
  };
  const groundTruth: GroundTruth = {
    required,
    intendedEntity,
    factStatements,
    freeformStatements,
    lastStatedBy,
  };
  return { workload, truth: groundTruth };
}

function weightedKind(rng: Rng, weights: [EntityKind | "general", number][]): EntityKind | "general" {
  let r = rng();
  for (const [kind, weight] of weights) {
    if (r < weight) return kind;
    r -= weight;
  }
  return "general";
}
