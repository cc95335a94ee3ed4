/**
 * Thread resolution in the running system: loads from D1 exactly the rows `resolveThread` needs
 * for one item (keys it continues or references, its participants, the tenant's entities and
 * merges), applies the answer (opens the thread's index row, registers its keys) and returns the
 * thread id. Inbound chat messages, findings and tasks all go through `resolveItemThread`.
 */
import { z } from "zod";
import type { InboundMessage } from "../../channels/message";
import { channelAdapter, channelPlatforms } from "../../channels/registry";
import type { Database } from "../../db/client";
import {
  ensureThreadRow,
  entityRef,
  entityThreadIds,
  participantsMatching,
  registerThreadKeys,
  storedKind,
  tenantEntities,
  tenantMerges,
  threadKeysFor,
} from "../../db/queries/context-threads";
import { getProposal } from "../../db/queries/proposals";
import { threadIdFor } from "../../durable-objects/stubs";
import {
  continuedPlatformKeys,
  DEFAULT_REFERENCE_PATTERNS,
  type EntityKind,
  type EntityRow,
  extractReferences,
  INTERNAL_SOURCE,
  type InboundItem,
  normaliseReference,
  type ResolutionRule,
  resolveThread,
  type ThreadRecord,
} from "../../kernel/context";
import { log } from "../../kernel/log";
import { reactionTarget } from "../proposals/reaction-target";

export interface ResolvedThread {
  threadId: string;
  rule: ResolutionRule | "proposal_button" | "proposal_reaction";
  evidence: string;
  opened: boolean;
}

/** The thread a conversation-level item opens when no rule places it (a chat's own thread). */
export interface ConversationFallback {
  id: string;
  externalRef: string;
  title: string;
  channelId?: string;
}

/** Entity kinds the resolver distinguishes; vendors, people and the rest are organisations to it. */
function entityKindOf(kind: string): EntityKind {
  return kind === "invoice" || kind === "project" ? kind : "client";
}

/** The Durable Object name of an entity's thread: tenant first, like every object name. */
export const entityThreadId = (tenantId: string, entityId: string) => `${tenantId}:entity:${entityId}`;

/** Aliases that are addresses (email, a platform user as `<platform>:<id>`) double as participants of the entity. */
function isParticipantAlias(alias: string): boolean {
  const prefix = /^([a-z][a-z0-9-]*):/.exec(alias)?.[1];
  return (
    (prefix !== undefined && (prefix === "email" || channelPlatforms().includes(prefix))) ||
    /@[^@\s]+\.[^@\s]+$/.test(alias)
  );
}

export function participantKey(value: string): string {
  const trimmed = value.trim().toLowerCase();
  return trimmed.includes("@") && !trimmed.startsWith("email:") ? `email:${trimmed}` : trimmed;
}

export async function resolveItemThread(
  db: Database,
  item: InboundItem,
  options: { now: number; fallback?: ConversationFallback },
): Promise<ResolvedThread> {
  const tenantId = item.tenantId;
  const references = extractReferences(item, DEFAULT_REFERENCE_PATTERNS);
  const participants = item.participants.map(participantKey);
  const [keyRows, participantRows, entityRows, entityThreads, merges] = await Promise.all([
    threadKeysFor(db, tenantId, [...continuedPlatformKeys(item.source), ...references]),
    participantsMatching(db, tenantId, participants),
    tenantEntities(db, tenantId),
    entityThreadIds(db, tenantId),
    tenantMerges(db, tenantId),
  ]);
  const entities: EntityRow[] = entityRows.map((row) => ({
    entityId: row.id,
    kind: entityKindOf(row.kind),
    name: row.name,
    aliases: z.array(z.string()).catch([]).parse(row.aliases),
    threadId: entityThreads.get(row.id),
  }));
  const aliasParticipants = entities.flatMap((entity) =>
    entity.aliases
      .filter((alias) => isParticipantAlias(alias.trim().toLowerCase()))
      .map((alias) => ({ participant: participantKey(alias), entityId: entity.entityId })),
  );
  // Only merge forwarding needs thread records here; the resolver follows mergedInto chains.
  const threads: ThreadRecord[] = merges.map((merge) => ({
    threadId: merge.sourceThreadId,
    tenantId,
    kind: "conversation",
    title: "",
    linkedThreadIds: [],
    status: "merged",
    mergedInto: merge.targetThreadId,
  }));
  const resolution = resolveThread(
    { ...item, participants },
    {
      threads,
      platformKeys: keyRows.filter((row) => row.kind === "platform"),
      references: keyRows
        .filter((row) => row.kind === "reference")
        .map((row) => ({ reference: row.key, threadId: row.threadId })),
      participants: [...participantRows, ...aliasParticipants],
      entities,
    },
  );

  let threadId: string;
  if (resolution.action === "attach") {
    threadId = resolution.threadId;
  } else if (resolution.thread.entityId) {
    const entity = entities.find((e) => e.entityId === resolution.thread.entityId)!;
    threadId = await ensureThreadRow(db, {
      id: entityThreadId(tenantId, entity.entityId),
      tenantId,
      kind: storedKind(resolution.thread.kind),
      externalRef: entityRef(entity.entityId),
      title: resolution.thread.title,
      at: options.now,
    });
    // An invoice or project number written in a later message leads straight to this thread.
    if (entity.kind !== "client") {
      await registerThreadKeys(db, [
        { tenantId, threadId, key: normaliseReference(entity.name), kind: "reference", at: options.now },
      ]);
    }
  } else {
    const fallback = options.fallback ?? {
      id: `${tenantId}:conversation:${item.kind}:${item.id}`,
      externalRef: `${item.kind}:${item.id}`,
      title: resolution.thread.title,
    };
    threadId = await ensureThreadRow(db, { ...fallback, tenantId, kind: "conversation", at: options.now });
  }
  await registerThreadKeys(
    db,
    [
      ...resolution.keysToRegister.map((key) => ({ key, kind: "platform" as const })),
      ...(item.references ?? []).map((r) => ({ key: normaliseReference(r), kind: "reference" as const })),
    ].map((row) => ({ ...row, tenantId, threadId, at: options.now })),
  );
  log("info", "thread.resolved", {
    tenant: tenantId,
    thread: threadId,
    item: item.id,
    rule: resolution.rule,
    evidence: resolution.evidence,
  });
  return {
    threadId,
    rule: resolution.rule,
    evidence: resolution.evidence,
    opened: resolution.action === "open",
  };
}

/** The resolver's view of a chat message: its platform position (from its adapter), its sender as a participant. */
export function inboundItemOf(inbound: InboundMessage): InboundItem {
  return {
    kind: "message",
    id: inbound.dedupKey,
    tenantId: inbound.tenantId,
    text: inbound.text,
    source: channelAdapter(inbound.platform)?.threadKeys(inbound) ?? INTERNAL_SOURCE,
    participants: [`${inbound.platform}:${inbound.sender.id}`],
  };
}

const PROPOSAL_IN_BUTTON = /\b(prop_[a-z0-9_]+)\b/;

/**
 * The thread of one inbound chat message. A button press, or a yes/no reaction on a proposal's
 * card, belongs to the thread whose proposal it decides (that thread executes it); everything
 * else goes through the rules, and a message no rule places stays in its chat's own conversation
 * thread (the id the chat always had).
 */
export async function resolveInboundThread(
  db: Database,
  inbound: InboundMessage,
  now: number,
): Promise<ResolvedThread> {
  const proposalId = inbound.callback ? PROPOSAL_IN_BUTTON.exec(inbound.callback.data)?.[1] : undefined;
  if (proposalId) {
    const proposal = await getProposal(db, inbound.tenantId, proposalId);
    if (proposal)
      return {
        threadId: proposal.threadId,
        rule: "proposal_button",
        evidence: `button of ${proposalId}`,
        opened: false,
      };
  }
  // A reaction does not say which thread its message is in; the card it is on does.
  const reacted = inbound.reaction ? await reactionTarget(db, inbound) : undefined;
  if (reacted?.ok) {
    const proposal = await getProposal(db, inbound.tenantId, reacted.proposalId);
    if (proposal)
      return {
        threadId: proposal.threadId,
        rule: "proposal_reaction",
        evidence: `reaction on the card of ${reacted.proposalId}`,
        opened: false,
      };
  }
  const chatThread = threadIdFor(
    inbound.tenantId,
    inbound.platform,
    inbound.conversationId,
    inbound.threadKey,
  );
  return resolveItemThread(db, inboundItemOf(inbound), {
    now,
    fallback: {
      id: chatThread,
      externalRef: inbound.threadKey
        ? `${inbound.conversationId}/${inbound.threadKey}`
        : inbound.conversationId,
      title: `${inbound.platform} chat ${inbound.conversationId}`,
      channelId: inbound.channelId,
    },
  });
}

/** For the task board: the thread a finding belongs to (its entity, its references, its text). */
export function resolveFindingThread(
  db: Database,
  finding: { tenantId: string; findingId: string; text: string; references?: string[] },
  now: number,
) {
  return resolveItemThread(
    db,
    {
      kind: "finding",
      id: finding.findingId,
      tenantId: finding.tenantId,
      text: finding.text,
      source: INTERNAL_SOURCE,
      participants: [],
      references: finding.references,
    },
    { now },
  );
}

/** For the task board: the thread of a task; the task id becomes a reference to that thread. */
export function resolveTaskThread(
  db: Database,
  task: { tenantId: string; taskId: string; text: string; references?: string[] },
  now: number,
) {
  return resolveItemThread(
    db,
    {
      kind: "task",
      id: task.taskId,
      tenantId: task.tenantId,
      text: task.text,
      source: INTERNAL_SOURCE,
      participants: [],
      references: [...(task.references ?? []), task.taskId],
    },
    { now },
  );
}
