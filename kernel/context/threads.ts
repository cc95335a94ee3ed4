/**
 * The data shapes of context threads: what an inbound item looks like to the resolver, what the
 * resolver needs to know about the tenant (passed in as plain data, so the worker can load it from
 * D1 and the benchmark from memory), and what it answers.
 */

/** What a thread is about. "conversation" is the fallback for items no rule could place. */
export type ThreadKind = "client" | "invoice" | "project" | "task" | "chat" | "conversation";

/** The entity kinds a tenant's entities table holds (a thread is opened per entity). */
export type EntityKind = "client" | "invoice" | "project";

export interface ThreadRecord {
  threadId: string;
  tenantId: string;
  kind: ThreadKind;
  title: string;
  /** The entity this thread is about, when it is an entity thread. */
  entityId?: string;
  /** An invoice or project thread belongs to its client thread. */
  parentThreadId?: string;
  /** Other threads shown as related (not owned). */
  linkedThreadIds: string[];
  status: "open" | "merged";
  /** Set when merged: every lookup that lands here follows this to the surviving thread. */
  mergedInto?: string;
}

/**
 * Where an item sits in its platform's threading, reduced to string keys by the platform's
 * channel adapter (channels/<platform>/thread-keys.ts): the kernel compares keys and never needs
 * to know what a Slack ts or a Telegram reply chain is. Internal items (findings, tasks) have none.
 */
export interface PlatformSource {
  /** The key this item itself is remembered under, so replies to it find its thread. */
  own?: string;
  /** Keys of the platform thread it continues, most specific first. */
  continues: readonly string[];
  /** Further keys to bind to whichever thread it lands in (a forum topic seen first). */
  alsoRegister?: readonly string[];
}

/** The source of an item that did not come from a platform (a finding, a task). */
export const INTERNAL_SOURCE: PlatformSource = { continues: [] };

/** A message from a channel, a finding of an agent's discovery, or a task: all are attached alike. */
export interface InboundItem {
  kind: "message" | "finding" | "task";
  id: string;
  tenantId: string;
  text: string;
  source: PlatformSource;
  /** Email addresses or platform user ids of the sender and recipients. */
  participants: string[];
  /** References the producer already knows (a task carries its task id; a finding its invoice). */
  references?: string[];
}

export interface EntityRow {
  entityId: string;
  kind: EntityKind;
  name: string;
  aliases: string[];
  /** The entity's thread, once one exists. */
  threadId?: string;
}

/** Everything the resolver may consult, as rows. Keys and references are compared normalised. */
export interface ResolutionLookups {
  threads: ThreadRecord[];
  /** Platform message/thread keys already seen, each bound to the thread it was attached to. */
  platformKeys: { key: string; threadId: string }[];
  /** Explicit references (task ids, invoice numbers) bound to a thread. */
  references: { reference: string; threadId: string }[];
  /** A participant (email, chat user) known to belong to an entity. */
  participants: { participant: string; entityId: string }[];
  entities: EntityRow[];
}

export type ResolutionRule =
  | "explicit_reference"
  | "platform_thread"
  | "participant"
  | "entity_mention"
  | "new_conversation";

/** A thread to open when the matching rule names an entity that has no thread yet, or nothing matched. */
export interface ThreadToOpen {
  kind: ThreadKind;
  title: string;
  entityId?: string;
}

export type ThreadResolution =
  | { action: "attach"; threadId: string; rule: ResolutionRule; evidence: string; keysToRegister: string[] }
  | {
      action: "open";
      thread: ThreadToOpen;
      rule: ResolutionRule;
      evidence: string;
      keysToRegister: string[];
    };
