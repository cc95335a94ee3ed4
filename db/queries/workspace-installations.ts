/**
 * Workspace installations of OAuth channel apps: one bot token per (tenant, workspace). The table
 * keeps the name of its first platform (`slack_installations`); its rows are any adapter's.
 */
import { and, eq } from "drizzle-orm";
import type { Database } from "../client";
import { slackInstallations as installations } from "../schema-channels";

export type WorkspaceInstallationRow = typeof installations.$inferSelect;

/** A reinstall (new scopes, new token) replaces the workspace's row: one bot token per workspace. */
export async function saveWorkspaceInstallation(db: Database, row: WorkspaceInstallationRow) {
  await db
    .insert(installations)
    .values(row)
    .onConflictDoUpdate({
      target: [installations.tenantId, installations.teamId],
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

export async function getWorkspaceInstallation(db: Database, tenantId: string, workspaceId: string) {
  const [row] = await db
    .select()
    .from(installations)
    .where(and(eq(installations.tenantId, tenantId), eq(installations.teamId, workspaceId)))
    .limit(1);
  return row ?? null;
}

/** Without the sealed tokens: this is what the admin API shows. */
export async function listWorkspaceInstallations(db: Database, tenantId: string) {
  return db
    .select({
      teamId: installations.teamId,
      teamName: installations.teamName,
      botUserId: installations.botUserId,
      scopes: installations.scopes,
      installedBy: installations.installedBy,
      installedAt: installations.installedAt,
    })
    .from(installations)
    .where(eq(installations.tenantId, tenantId));
}
