/**
 * The task board's companions: comments (hand-offs, merges, work notes), findings of discovery
 * with their dedup verdicts, one row per agent cycle with its reflection, the router's per-task-type
 * success statistics, and a small invoices table the overdue-invoice discoverer reads.
 * Every table carries tenant_id; every query in db/queries filters by it.
 */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { tenants } from "./schema";

export const TASK_COMMENT_KINDS = ["comment", "merge", "handoff", "transition", "work"] as const;

export const taskComments = sqliteTable(
  "task_comments",
  {
    /** Derived from the side effect that wrote it (merge of task X, turn Y), so a retry inserts nothing. */
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    taskId: text("task_id").notNull(),
    /** "agent:<id>", "api:<token name>", "system". */
    author: text("author").notNull(),
    kind: text("kind", { enum: TASK_COMMENT_KINDS }).notNull(),
    body: text("body").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("task_comments_task").on(t.tenantId, t.taskId, t.at)],
);

export const FINDING_VERDICTS = ["new", "suppressed"] as const;

/** Every finding a discoverer produced, kept even when suppressed so the dedup layer is auditable. */
export const findings = sqliteTable(
  "findings",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    agentId: text("agent_id").notNull(),
    cycleId: text("cycle_id").notNull(),
    source: text("source").notNull(),
    entity: text("entity"),
    key: text("key"),
    text: text("text").notNull(),
    verdict: text("verdict", { enum: FINDING_VERDICTS }).notNull(),
    duplicateOf: text("duplicate_of"),
    reason: text("reason").notNull(),
    /** The task this finding became or was merged into. */
    taskId: text("task_id"),
    at: integer("at").notNull(),
  },
  (t) => [index("findings_tenant_at").on(t.tenantId, t.at)],
);

export const CYCLE_OUTCOMES = ["idle", "worked", "failed"] as const;

/** One row per agent cycle: what it found, what it tried, what came of it, what it cost. */
export const agentCycles = sqliteTable(
  "agent_cycles",
  {
    /** The kernel's deterministic cycle id "<tenant>/<agent>@<slot>". */
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    agentId: text("agent_id").notNull(),
    slot: integer("slot").notNull(),
    coalescedSlots: integer("coalesced_slots").notNull().default(0),
    startedAt: integer("started_at").notNull(),
    finishedAt: integer("finished_at").notNull(),
    discovered: integer("discovered").notNull(),
    suppressed: integer("suppressed").notNull(),
    tasksCreated: integer("tasks_created").notNull(),
    tasksMerged: integer("tasks_merged").notNull(),
    claimedTaskId: text("claimed_task_id"),
    outcome: text("outcome", { enum: CYCLE_OUTCOMES }).notNull(),
    /** The reflection: attempted, worked, failed — short sentences the next cycle's plan reads. */
    attempted: text("attempted").notNull(),
    worked: text("worked").notNull(),
    failed: text("failed").notNull(),
    costMicros: integer("cost_micros").notNull(),
  },
  (t) => [index("agent_cycles_agent").on(t.tenantId, t.agentId, t.slot)],
);

/** One row per worked task: the routing engineer reads success rates per (task type, tier). */
export const taskOutcomes = sqliteTable(
  "task_outcomes",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    taskType: text("task_type").notNull(),
    tier: text("tier").notNull(),
    success: integer("success", { mode: "boolean" }).notNull(),
    costMicros: integer("cost_micros").notNull(),
    agentId: text("agent_id").notNull(),
    taskId: text("task_id").notNull(),
    cycleId: text("cycle_id").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("task_outcomes_type").on(t.tenantId, t.taskType, t.tier)],
);

/**
 * Running totals of `task_outcomes` per (tenant, task type, tier), bumped when an outcome row is
 * first inserted: what the router reads on every turn, one small row per pair instead of an
 * aggregate over the tenant's whole history. See docs/decisions/routing-outcome-summary-table.md.
 */
export const taskOutcomeStats = sqliteTable(
  "task_outcome_stats",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    taskType: text("task_type").notNull(),
    tier: text("tier").notNull(),
    attempts: integer("attempts").notNull(),
    successes: integer("successes").notNull(),
    costMicros: integer("cost_micros").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.taskType, t.tier] })],
);

/** Money in integer micro-units of `currency`, as everywhere in the schema. */
export const invoices = sqliteTable(
  "invoices",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    number: text("number").notNull(),
    client: text("client").notNull(),
    amountMicros: integer("amount_micros").notNull(),
    currency: text("currency").notNull().default("GBP"),
    dueAt: integer("due_at").notNull(),
    paidAt: integer("paid_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("invoices_number").on(t.tenantId, t.number),
    index("invoices_unpaid").on(t.tenantId, t.paidAt, t.dueAt),
  ],
);
