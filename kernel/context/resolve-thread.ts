import { createEntityMatcher, type EntityMatcher, type EntityMention } from "./entity-mentions";
import { continuedPlatformKeys, platformKeysToRegister } from "./platform-keys";
import type {
  EntityRow,
  InboundItem,
  ResolutionLookups,
  ThreadRecord,
  ThreadResolution,
  ThreadToOpen,
} from "./threads";

/**
 * Attaches an inbound item to a thread. Rules, strongest first:
 *   explicit reference > platform thread > participant > entity mention > new conversation.
 * A reference names the thing itself; a platform thread is the author's own choice of where to
 * reply; a participant is a good guess (a client's accountant writes about that client) but weaker
 * than what the text says only when the text says nothing specific — so mentions come last.
 */

/** Patterns that find explicit references in free text. Matches are normalised before lookup. */
export const DEFAULT_REFERENCE_PATTERNS: readonly RegExp[] = [
  /\bTASK[- ]?\d+\b/gi,
  /\bINV[- ]?\d+\b/gi,
  /\bPRJ[- ]?\d+\b/gi,
];

export interface ResolveOptions {
  referencePatterns?: readonly RegExp[];
  /** Reuse a matcher built once for the tenant's entities (the worker caches it per tenant). */
  entityMatcher?: EntityMatcher;
}

/**
 * @example
 * resolveThread(item, lookups) // → { action: "attach", threadId: "t-inv-1042", rule: "explicit_reference", … }
 */
export function resolveThread(
  item: InboundItem,
  lookups: ResolutionLookups,
  options: ResolveOptions = {},
): ThreadResolution {
  const keysToRegister = platformKeysToRegister(item.source);
  const threadsById = new Map(lookups.threads.map((thread) => [thread.threadId, thread]));
  const attach = (threadId: string, rule: ThreadResolution["rule"], evidence: string): ThreadResolution => ({
    action: "attach",
    threadId: followMerges(threadId, threadsById),
    rule,
    evidence,
    keysToRegister,
  });

  const references = extractReferences(item, options.referencePatterns ?? DEFAULT_REFERENCE_PATTERNS);
  const referenceIndex = new Map(
    lookups.references.map((row) => [normaliseReference(row.reference), row.threadId]),
  );
  for (const reference of references) {
    const threadId = referenceIndex.get(reference);
    if (threadId) return attach(threadId, "explicit_reference", `reference ${reference}`);
  }

  const keyIndex = new Map(lookups.platformKeys.map((row) => [row.key, row.threadId]));
  for (const key of continuedPlatformKeys(item.source)) {
    const threadId = keyIndex.get(key);
    if (threadId) return attach(threadId, "platform_thread", `platform key ${key}`);
  }

  const entitiesById = new Map(lookups.entities.map((entity) => [entity.entityId, entity]));
  const matcher = options.entityMatcher ?? createEntityMatcher(lookups.entities);
  const mentions = matcher.find(item.text);

  const participantEntity = entityOfParticipants(item.participants, lookups.participants, mentions);
  if (participantEntity) {
    const entity = entitiesById.get(participantEntity.entityId);
    if (entity) {
      const evidence = `participant ${participantEntity.participant} belongs to ${entity.name}`;
      return entity.threadId
        ? attach(entity.threadId, "participant", evidence)
        : open(threadForEntity(entity), "participant", evidence, keysToRegister);
    }
  }

  const mentioned = mostSpecificMention(mentions);
  if (mentioned) {
    const entity = entitiesById.get(mentioned.entityId);
    if (entity) {
      const evidence = `mentions "${mentioned.matched}"`;
      return entity.threadId
        ? attach(entity.threadId, "entity_mention", evidence)
        : open(threadForEntity(entity), "entity_mention", evidence, keysToRegister);
    }
  }

  return open(
    { kind: "conversation", title: titleFromText(item.text) },
    "new_conversation",
    "no reference, platform thread, known participant or entity mention",
    keysToRegister,
  );
}

/** References in the text and those the producer attached, normalised, in order of appearance. */
export function extractReferences(item: InboundItem, patterns: readonly RegExp[]): string[] {
  const found: string[] = [...(item.references ?? [])];
  for (const pattern of patterns) {
    for (const match of item.text.matchAll(new RegExp(pattern.source, withGlobal(pattern.flags)))) {
      found.push(match[0]);
    }
  }
  return [...new Set(found.map(normaliseReference))];
}

/** "inv 1042", "INV-1042" and "inv1042" are one reference. */
export function normaliseReference(reference: string): string {
  return reference.toUpperCase().replace(/[^A-Z0-9]/g, "");
}

/** A merged thread forwards to the thread it was merged into; chains are followed, cycles stopped. */
export function followMerges(threadId: string, threadsById: ReadonlyMap<string, ThreadRecord>): string {
  const seen = new Set<string>();
  let current = threadId;
  while (!seen.has(current)) {
    seen.add(current);
    const next = threadsById.get(current)?.mergedInto;
    if (!next) return current;
    current = next;
  }
  return current;
}

/**
 * The entity the participants belong to. When they belong to several (a shared accountant), the
 * one the text also mentions wins, then the one most participants belong to; a remaining tie is
 * not a decision the resolver should guess, so it falls through to the mention rule.
 */
function entityOfParticipants(
  participants: readonly string[],
  rows: ResolutionLookups["participants"],
  mentions: readonly EntityMention[],
): { entityId: string; participant: string } | undefined {
  const index = new Map<string, string[]>();
  for (const row of rows) {
    const key = row.participant.trim().toLowerCase();
    index.set(key, [...(index.get(key) ?? []), row.entityId]);
  }
  const votes = new Map<string, { count: number; participant: string }>();
  for (const participant of participants) {
    for (const entityId of index.get(participant.trim().toLowerCase()) ?? []) {
      const vote = votes.get(entityId);
      votes.set(entityId, { count: (vote?.count ?? 0) + 1, participant: vote?.participant ?? participant });
    }
  }
  if (votes.size === 0) return undefined;
  const mentioned = [...votes.entries()].filter(([entityId]) =>
    mentions.some((m) => m.entityId === entityId),
  );
  if (mentioned.length === 1) {
    const [entityId, vote] = mentioned[0]!;
    return { entityId, participant: vote.participant };
  }
  const ranked = [...votes.entries()].sort((a, b) => b[1].count - a[1].count);
  const [first, second] = ranked;
  if (!first || (second && second[1].count === first[1].count)) return undefined;
  return { entityId: first[0], participant: first[1].participant };
}

/** An invoice or project is more specific than the client it belongs to; then more mentions win. */
function mostSpecificMention(mentions: readonly EntityMention[]): EntityMention | undefined {
  const specificity = { invoice: 2, project: 2, client: 1 } as const;
  return [...mentions].sort(
    (a, b) =>
      specificity[b.kind] - specificity[a.kind] || b.count - a.count || a.entityId.localeCompare(b.entityId),
  )[0];
}

function threadForEntity(entity: EntityRow): ThreadToOpen {
  return { kind: entity.kind, title: entity.name, entityId: entity.entityId };
}

function open(
  thread: ThreadToOpen,
  rule: ThreadResolution["rule"],
  evidence: string,
  keysToRegister: string[],
): ThreadResolution {
  return { action: "open", thread, rule, evidence, keysToRegister };
}

function titleFromText(text: string): string {
  const firstLine = text.trim().split("\n")[0] ?? "";
  return firstLine.length > 60 ? `${firstLine.slice(0, 57)}...` : firstLine || "New conversation";
}

function withGlobal(flags: string): string {
  return flags.includes("g") ? flags : `${flags}g`;
}
