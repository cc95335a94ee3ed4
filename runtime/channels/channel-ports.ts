/**
 * The ports a channel adapter is given (channels/adapter.ts ChannelPorts), bound to one tenant:
 * its sealed secrets and its workspace installations in D1. Adapters never touch D1 or the
 * encryption key themselves.
 */
import type { ChannelPorts } from "../../channels/adapter";
import { database } from "../../db/client";
import {
  getWorkspaceInstallation,
  saveWorkspaceInstallation,
} from "../../db/queries/workspace-installations";
import { open, seal } from "../../kernel/secret-box";

export function channelPorts(env: Pick<Env, "DB" | "CAIRN_ENCRYPTION_KEY">, tenantId: string): ChannelPorts {
  const db = database(env.DB);
  return {
    tenantId,
    now: () => Date.now(),
    openSecret: (sealed) => open(sealed, tenantId, env.CAIRN_ENCRYPTION_KEY),
    sealSecret: (plain) => seal(plain, tenantId, env.CAIRN_ENCRYPTION_KEY),
    async installation(workspaceId) {
      const row = await getWorkspaceInstallation(db, tenantId, workspaceId);
      return row
        ? {
            workspaceId: row.teamId,
            workspaceName: row.teamName,
            channelId: row.channelId,
            botUserId: row.botUserId,
            appId: row.appId,
            scopes: row.scopes,
            tokenSealed: row.botTokenSealed,
            installedBy: row.installedBy,
            installedAt: row.installedAt,
          }
        : null;
    },
    async saveInstallation(installation) {
      await saveWorkspaceInstallation(db, {
        tenantId,
        teamId: installation.workspaceId,
        teamName: installation.workspaceName,
        channelId: installation.channelId,
        botUserId: installation.botUserId,
        appId: installation.appId,
        scopes: installation.scopes,
        botTokenSealed: installation.tokenSealed,
        installedBy: installation.installedBy,
        installedAt: installation.installedAt,
      });
    },
  };
}
