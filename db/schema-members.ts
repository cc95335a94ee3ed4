/**
 * The people who operate a tenant through the dashboard: members with a role, the one-time
 * sign-in codes sent to them over a channel they are paired on, and their sessions. Only
 * digests of codes and session tokens are stored.
 */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { tenants } from "./schema";

/** owner > admin > approver > viewer: what each may do is in workers/dashboard/permissions.ts. */
export const MEMBER_ROLES = ["owner", "admin", "approver", "viewer"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const members = sqliteTable(
  "members",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    /** What the member types to sign in; unique in the tenant. */
    login: text("login").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: MEMBER_ROLES }).notNull(),
    /** The connected channel the member is paired on: sign-in codes go there. */
    channelId: text("channel_id").notNull(),
    /** The member's user id on that platform: the id the approver lists name. */
    platformUserId: text("platform_user_id").notNull(),
    /** The conversation codes are sent to (a private chat with the bot). */
    conversationId: text("conversation_id").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("members_tenant_login").on(t.tenantId, t.login)],
);

/** One row per code sent; a code is good once, for a few minutes, for a few tries. */
export const signInCodes = sqliteTable(
  "sign_in_codes",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    memberId: text("member_id").notNull(),
    /** SHA-256 over the tenant, the member and the code (kernel/members/sign-in-code.ts). */
    codeHash: text("code_hash").notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    /** Wrong codes tried against this row; at the limit the row is spent. */
    attempts: integer("attempts").notNull().default(0),
    usedAt: integer("used_at"),
  },
  (t) => [index("sign_in_codes_member").on(t.tenantId, t.memberId, t.createdAt)],
);

export const memberSessions = sqliteTable(
  "member_sessions",
  {
    id: text("id").notNull(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    memberId: text("member_id").notNull(),
    /** SHA-256 of the cookie's secret. */
    tokenHash: text("token_hash").notNull(),
    /** The browser that signed in, as it named itself (shown in the sessions list). */
    userAgent: text("user_agent").notNull(),
    createdAt: integer("created_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    revokedAt: integer("revoked_at"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("member_sessions_token").on(t.tenantId, t.tokenHash),
    index("member_sessions_member").on(t.tenantId, t.memberId),
  ],
);
