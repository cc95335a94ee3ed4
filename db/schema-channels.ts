/**
 * Channel tables beyond the core `channels` row: Slack workspace installations (bot token
 * sealed), who may talk to agents (allow list and pairing), per-bot / per-chat send pauses after
 * a platform 429, and the parts of a split message already delivered.
 */
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { tenants } from "./schema";

/** One row per Slack workspace a tenant installed the app into (OAuth v2). */
export const slackInstallations = sqliteTable(
  "slack_installations",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    teamId: text("team_id").notNull(),
    teamName: text("team_name").notNull(),
    channelId: text("channel_id").notNull(),
    /** The app's bot user: its own messages are ignored, mentions of it address the agent. */
    botUserId: text("bot_user_id").notNull(),
    appId: text("app_id").notNull(),
    scopes: text("scopes").notNull(),
    /** AES-GCM sealed xoxb- token (kernel/secret-box), bound to the tenant id. */
    botTokenSealed: text("bot_token_sealed").notNull(),
    installedBy: text("installed_by").notNull(),
    installedAt: integer("installed_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.teamId] })],
);

export const SENDER_STATUSES = ["allowed", "pending"] as const;

/**
 * Senders of a channel: `allowed` may talk to the agent; `pending` holds a pairing code (only its
 * SHA-256) that the tenant owner approves through the admin API.
 */
export const channelSenders = sqliteTable(
  "channel_senders",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    channelId: text("channel_id").notNull(),
    senderId: text("sender_id").notNull(),
    senderName: text("sender_name").notNull(),
    status: text("status", { enum: SENDER_STATUSES }).notNull(),
    pairingCodeHash: text("pairing_code_hash"),
    pairingExpiresAt: integer("pairing_expires_at"),
    approvedBy: text("approved_by"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.channelId, t.senderId] }),
    index("channel_senders_code").on(t.tenantId, t.pairingCodeHash),
  ],
);

/** A pause on sends after a 429: scope is `bot:<channelId>` or `chat:<channelId>:<conversation>`. */
export const channelSendPauses = sqliteTable(
  "channel_send_pauses",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    scope: text("scope").notNull(),
    until: integer("until").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.scope] })],
);

/** Parts of a split outbox message already delivered, so a retry resumes at the next part. */
export const outboxParts = sqliteTable(
  "outbox_parts",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    outboxId: text("outbox_id").notNull(),
    part: integer("part").notNull(),
    platformMessageId: text("platform_message_id"),
    sentAt: integer("sent_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.outboxId, t.part] })],
);
