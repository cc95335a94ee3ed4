import { and, eq } from "drizzle-orm";
import type { Database } from "../client";
import { slackInstallations } from "../schema-channels";

export type SlackInstallationRow = typeof slackInstallations.$inferSelect;

/** A reinstall (new scopes, new token) replaces the workspace's row: one bot token per workspace. */
export async function saveSlackInstallation(db: Database, row: SlackInstallationRow) {
  await db
    .insert(slackInstallations)
    .values(row)
    .onConflictDoUpdate({
      target: [slackInstallations.tenantId, slackInstallations.teamId],
      set: {
        teamName: row.teamName,
        channelId: row.channelId,
        botUserId: row.botUserId,
        appId: row.appId,
        scopes: row.scopes,
        botTokenSealed: row.botTokenSealed,
        installedBy: row.installedBy,
        installedAt: row.installedAt,
      },
    });
}

export async function getSlackInstallation(db: Database, tenantId: string, teamId: string) {
  const [row] = await db
    .select()
    .from(slackInstallations)
    .where(and(eq(slackInstallations.tenantId, tenantId), eq(slackInstallations.teamId, teamId)))
    .limit(1);
  return row ?? null;
}

/** Without the sealed tokens: this is what the admin API shows. */
export async function listSlackInstallations(db: Database, tenantId: string) {
  return db
    .select({
      teamId: slackInstallations.teamId,
      teamName: slackInstallations.teamName,
      botUserId: slackInstallations.botUserId,
      scopes: slackInstallations.scopes,
      installedBy: slackInstallations.installedBy,
      installedAt: slackInstallations.installedAt,
    })
    .from(slackInstallations)
    .where(eq(slackInstallations.tenantId, tenantId));
}
