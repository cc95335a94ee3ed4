/**
 * Context-thread tables beside the core `context_threads` index: the keys that resolve an item to
 * a thread (platform message/thread keys and explicit references), links between threads, merges
 * (a merged thread forwards to the survivor), and the participants known to belong to an entity.
 * The thread's own memory (messages, summary, facts) lives in its Durable Object, not here.
 */
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { tenants } from "./schema";

export const THREAD_KEY_KINDS = ["platform", "reference"] as const;

/**
 * "telegram:<chat>:msg:<id>", "slack:<channel>:<ts>", "INV1042" (references are stored normalised).
 * The first thread to claim a key keeps it (INSERT OR IGNORE); a merge re-points the source's keys.
 */
export const contextThreadKeys = sqliteTable(
  "context_thread_keys",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    key: text("key").notNull(),
    kind: text("kind", { enum: THREAD_KEY_KINDS }).notNull(),
    threadId: text("thread_id").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.key] }),
    index("context_thread_keys_thread").on(t.tenantId, t.threadId),
  ],
);

export const THREAD_LINK_RELATIONS = ["parent", "related"] as const;

/** `parent`: thread_id belongs to linked_thread_id (an invoice to its client). `related`: stored once per side. */
export const contextThreadLinks = sqliteTable(
  "context_thread_links",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    threadId: text("thread_id").notNull(),
    linkedThreadId: text("linked_thread_id").notNull(),
    relation: text("relation", { enum: THREAD_LINK_RELATIONS }).notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.threadId, t.linkedThreadId, t.relation] }),
    index("context_thread_links_target").on(t.tenantId, t.linkedThreadId),
  ],
);

/** One row per merged-away thread: resolution follows `target_thread_id`. The audit row holds the detail. */
export const contextThreadMerges = sqliteTable(
  "context_thread_merges",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    sourceThreadId: text("source_thread_id").notNull(),
    targetThreadId: text("target_thread_id").notNull(),
    actor: text("actor").notNull(),
    reason: text("reason").notNull(),
    auditId: text("audit_id").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.sourceThreadId] })],
);

/** A participant ("email:ana@acme.example", "telegram:12345") known to belong to an entity. */
export const entityParticipants = sqliteTable(
  "entity_participants",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    participant: text("participant").notNull(),
    entityId: text("entity_id").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.participant, t.entityId] })],
);
