/**
 * Cairn's D1 schema. Every table carries `tenant_id` and every query in db/queries filters by it:
 * one deployment serves many tenants, and a missing filter is a data leak.
 *
 * Times are integer milliseconds since the epoch (UTC); money is integer micro-dollars so that
 * budgets add up exactly.
 */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const TENANT_STATUSES = ["active", "suspended"] as const;

export const tenants = sqliteTable("tenants", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdAt: integer("created_at").notNull(),
  /** Suspended: its webhooks are acknowledged and parked (db/schema-tenancy.ts), its loops idle. */
  status: text("status", { enum: TENANT_STATUSES }).notNull().default("active"),
  statusChangedAt: integer("status_changed_at"),
  /** The plan's quotas (kernel/tenancy/quotas.ts); null: unlimited. */
  quotas: text("quotas", { mode: "json" }),
});

/** Admin API bearer tokens. Only the SHA-256 of a token is stored. */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    createdAt: integer("created_at").notNull(),
    revokedAt: integer("revoked_at"),
  },
  (t) => [uniqueIndex("api_tokens_hash").on(t.tokenHash), index("api_tokens_tenant").on(t.tenantId)],
);

export const agents = sqliteTable(
  "agents",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    id: text("id").notNull(),
    name: text("name").notNull(),
    role: text("role").notNull(),
    /** The validated agent definition (instructions, tools, schedule, …) as JSON. */
    definition: text("definition", { mode: "json" }).notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

/** A connected chat platform. Secrets are never stored in clear: see kernel/secret-box. */
export const channels = sqliteTable(
  "channels",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    /** The platform (a channel adapter's name, channels/registry.ts). */
    kind: text("kind").notNull(),
    /** The agent that answers on this channel. */
    agentId: text("agent_id").notNull(),
    /** SHA-256 of the webhook secret the platform sends back on every request. */
    webhookSecretHash: text("webhook_secret_hash").notNull(),
    /** AES-GCM sealed platform credentials (the bot token). */
    credentialsSealed: text("credentials_sealed").notNull(),
    /** Non-secret settings: API base URL, approver user ids. */
    config: text("config", { mode: "json" }).notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("channels_tenant_kind").on(t.tenantId, t.kind)],
);

/** Index of ContextThread Durable Objects: the object holds the messages, this row makes them listable. */
export const contextThreads = sqliteTable(
  "context_threads",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    channelId: text("channel_id"),
    kind: text("kind", { enum: ["conversation", "client", "invoice", "project"] }).notNull(),
    /** The platform's conversation reference (Telegram chat id, Slack channel + thread_ts). */
    externalRef: text("external_ref").notNull(),
    title: text("title").notNull(),
    createdAt: integer("created_at").notNull(),
    lastMessageAt: integer("last_message_at").notNull(),
    /** Who spoke last ("user:<id>" or "agent:<id>"): a thread whose last word is a user's awaits an answer. */
    lastSpeaker: text("last_speaker"),
    messageCount: integer("message_count").notNull().default(0),
  },
  (t) => [
    uniqueIndex("context_threads_ref").on(t.tenantId, t.kind, t.externalRef),
    index("context_threads_recent").on(t.tenantId, t.lastMessageAt),
  ],
);

export const TASK_STATUSES = [
  "new",
  "claimed",
  "in_progress",
  "blocked",
  "review",
  "done",
  "failed",
  "cancelled",
] as const;

export const tasks = sqliteTable(
  "tasks",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    status: text("status", { enum: TASK_STATUSES }).notNull(),
    priority: integer("priority").notNull().default(3),
    /** What kind of work ("overdue_invoice", "unanswered_message", …): the router's statistics key. */
    taskType: text("task_type").notNull().default("general"),
    ownerAgentId: text("owner_agent_id"),
    /** The entity the task concerns, e.g. "invoice:INV-1042"; tasks on different entities never merge. */
    entity: text("entity"),
    threadId: text("thread_id"),
    dedupKey: text("dedup_key"),
    parentId: text("parent_id"),
    /** Who holds the claim and until when: past the expiry the task is back in the pool. */
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: integer("lease_expires_at"),
    /** The note of the last hand-off, for the agent that takes it over. */
    handoffNote: text("handoff_note"),
    createdBy: text("created_by").notNull().default("system"),
    dueAt: integer("due_at"),
    /** Optimistic concurrency: every transition bumps it and checks the old value. */
    version: integer("version").notNull().default(0),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("tasks_tenant_status").on(t.tenantId, t.status),
    index("tasks_tenant_parent").on(t.tenantId, t.parentId),
  ],
);

/** Mirrors kernel/proposals/states.ts (db imports nothing); a kernel test keeps them equal. */
export const PROPOSAL_STATUSES = [
  "draft",
  "pending",
  "approved",
  "rejected",
  "expired",
  "cancelled",
  "executing",
  "executed",
  "failed",
  "rolling_back",
  "rolled_back",
  "rollback_failed",
] as const;
export const PROPOSAL_MODES = [
  "auto",
  "auto_with_window",
  "hold_then_execute",
  "require_approval",
  "forbid",
] as const;
export type StoredProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const proposals = sqliteTable(
  "proposals",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    threadId: text("thread_id").notNull(),
    agentId: text("agent_id").notNull(),
    tool: text("tool").notNull(),
    input: text("input", { mode: "json" }).notNull(),
    /** The policy decision that asked for approval: rule and reason. */
    rule: text("rule").notNull(),
    reason: text("reason").notNull(),
    status: text("status", { enum: PROPOSAL_STATUSES }).notNull(),
    /** Optimistic concurrency: every transition bumps it and checks the old value. */
    version: integer("version").notNull().default(0),
    decidedBy: text("decided_by"),
    decidedAt: integer("decided_at"),
    executedAt: integer("executed_at"),
    result: text("result", { mode: "json" }),
    createdAt: integer("created_at").notNull(),
    /** Until when a pending proposal may be approved. */
    expiresAt: integer("expires_at").notNull(),
    /** How it runs (policies/proposal-modes.yaml), the rule that chose it and the tool's risk. */
    mode: text("mode", { enum: PROPOSAL_MODES }).notNull().default("require_approval"),
    modeRule: text("mode_rule"),
    risk: text("risk"),
    reversible: integer("reversible", { mode: "boolean" }).notNull().default(false),
    /** What the action touches ("email:ann@client.com", "task:tsk_1") and the entities it names. */
    target: text("target"),
    entityIds: text("entity_ids", { mode: "json" }),
    approvalsNeeded: integer("approvals_needed").notNull().default(1),
    approvalsReceived: integer("approvals_received").notNull().default(0),
    /** hold_then_execute: not before this. */
    holdUntil: integer("hold_until"),
    /** How long the undo is kept once executed (reversible actions); the mode chose it. */
    windowMs: integer("window_ms"),
    /** Set when it executed: the undo is kept until this, then discarded. */
    windowEndsAt: integer("window_ends_at"),
    /** The snapshot the inverse restores, recorded before the effect; null once the window closed. */
    inverse: text("inverse", { mode: "json" }),
    /** Passed to the executor: every effect of the one execution is keyed by it. */
    idempotencyKey: text("idempotency_key"),
    /** The chat card that shows this proposal, so its outcome can replace it in place. */
    chatRef: text("chat_ref", { mode: "json" }),
    /** Why the last transition happened, in a sentence. */
    statusReason: text("status_reason"),
    updatedAt: integer("updated_at"),
  },
  (t) => [
    index("proposals_tenant_status").on(t.tenantId, t.status, t.createdAt),
    uniqueIndex("proposals_idempotency").on(t.tenantId, t.idempotencyKey),
  ],
);

export const OUTBOX_STATUSES = ["pending", "sent", "failed"] as const;

/** Every message Cairn sends is a row here first; the idempotency key makes a retry a no-op. */
export const outbox = sqliteTable(
  "outbox",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    channelId: text("channel_id").notNull(),
    threadId: text("thread_id"),
    idempotencyKey: text("idempotency_key").notNull(),
    payload: text("payload", { mode: "json" }).notNull(),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    platformMessageId: text("platform_message_id"),
    createdAt: integer("created_at").notNull(),
    sentAt: integer("sent_at"),
  },
  (t) => [
    uniqueIndex("outbox_idempotency").on(t.tenantId, t.idempotencyKey),
    index("outbox_tenant_status").on(t.tenantId, t.status),
    // A reaction names the message it is on: finding the card must not scan every send.
    index("outbox_sent_message").on(t.tenantId, t.channelId, t.platformMessageId),
  ],
);

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    at: integer("at").notNull(),
    /** Who acted: "agent:<id>", "user:<platform>:<id>", "api:<token name>", "system". */
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    subjectType: text("subject_type"),
    subjectId: text("subject_id"),
    threadId: text("thread_id"),
    agentId: text("agent_id"),
    detail: text("detail", { mode: "json" }),
    /**
     * The hash chain (kernel/audit/chain.ts): the chain this row belongs to ("thread:<id>",
     * "agent-loop:<id>", "tenant", "api", "outbound"), its position, the previous entry's hash and
     * SHA-256 over the canonical entry. Set when the Tenant object seals the row; NULL on rows
     * written before chaining began.
     */
    writer: text("writer"),
    seq: integer("seq"),
    prevHash: text("prev_hash"),
    hash: text("hash"),
  },
  (t) => [
    index("audit_log_tenant_at").on(t.tenantId, t.at),
    // One entry per position: a second row at a writer's seq cannot be written by mistake.
    uniqueIndex("audit_log_chain").on(t.tenantId, t.writer, t.seq),
  ],
);

export const costLedger = sqliteTable(
  "cost_ledger",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    agentId: text("agent_id").notNull(),
    threadId: text("thread_id"),
    provider: text("provider").notNull(),
    model: text("model").notNull(),
    inputTokens: integer("input_tokens").notNull(),
    outputTokens: integer("output_tokens").notNull(),
    cachedInputTokens: integer("cached_input_tokens").notNull().default(0),
    costMicros: integer("cost_micros").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("cost_ledger_tenant_at").on(t.tenantId, t.at)],
);

/**
 * Messages that could not be processed: a thread's turn that failed all its attempts (the person
 * was told, with this row's id as the reference), or whatever the queues' dead-letter queue
 * received. Kept until an operator replays or forgets them (`cairn dlq list | replay <id>`).
 */
export const deadLetters = sqliteTable(
  "dead_letters",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    /** "thread": a turn out of attempts; "queue": a body the queue's dead-letter queue received. */
    source: text("source", { enum: ["thread", "queue"] }).notNull(),
    /** The message's key: its dedup key for a thread, `queue:<message id>` for the queue. */
    messageKey: text("message_key").notNull(),
    threadId: text("thread_id"),
    queue: text("queue"),
    body: text("body", { mode: "json" }).notNull(),
    error: text("error").notNull(),
    attempts: integer("attempts").notNull(),
    createdAt: integer("created_at").notNull(),
    replayedAt: integer("replayed_at"),
  },
  (t) => [
    uniqueIndex("dead_letters_message").on(t.tenantId, t.source, t.messageKey),
    index("dead_letters_tenant_created").on(t.tenantId, t.createdAt),
  ],
);
