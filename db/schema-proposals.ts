/**
 * Tables of the proposal lifecycle: the tenant's approver list, each approver's vote on a
 * proposal (n-of-m), and entities — clients, vendors, people — with flags that guard every
 * action touching them (in_dispute, do_not_contact) and a CRM-style record.
 */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { tenants } from "./schema";

/** Who may approve, reject, roll back or cancel a tenant's proposals from a chat. */
export const approvers = sqliteTable(
  "approvers",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    /** "telegram", "slack", … : the platform the user id belongs to. */
    platform: text("platform").notNull(),
    userId: text("user_id").notNull(),
    name: text("name").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("approvers_tenant_user").on(t.tenantId, t.platform, t.userId)],
);

/** One vote per approver per proposal: a second press by the same person counts once. */
export const proposalApprovals = sqliteTable(
  "proposal_approvals",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    proposalId: text("proposal_id").notNull(),
    /** The actor: "user:telegram:777", "api:admin". */
    approver: text("approver").notNull(),
    verdict: text("verdict", { enum: ["approve", "reject"] }).notNull(),
    reason: text("reason"),
    at: integer("at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.proposalId, t.approver] })],
);

/** Anything actions can be about. Shared with context assembly, which resolves mentions by aliases. */
export const entities = sqliteTable(
  "entities",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    kind: text("kind").notNull(),
    name: text("name").notNull(),
    /** Other names and handles (email addresses, chat ids), lower-case: JSON array of strings. */
    aliases: text("aliases", { mode: "json" }).$type<string[]>().notNull().default([]),
    /** JSON array: in_dispute, do_not_contact, legal_hold, … */
    flags: text("flags", { mode: "json" }).$type<string[]>().notNull().default([]),
    /** The CRM-style record: field → value. */
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    /** Optimistic concurrency for record updates. */
    version: integer("version").notNull().default(0),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("entities_tenant_kind").on(t.tenantId, t.kind)],
);
