/** The agent's sandbox workspace for task turns, kept in the AgentLoop's SQLite across evictions. */
import type { WorkspaceStore } from "../../tools/sandbox/just-bash";

export function agentWorkspace(sql: SqlStorage): WorkspaceStore {
  sql.exec("CREATE TABLE IF NOT EXISTS workspace_files (path TEXT PRIMARY KEY, content TEXT NOT NULL)");
  return {
    async load() {
      const files = new Map<string, string>();
      for (const row of sql.exec<{ path: string; content: string }>(
        "SELECT path, content FROM workspace_files",
      )) {
        files.set(row.path, row.content);
      }
      return files;
    },
    async save(changes) {
      for (const [path, content] of changes) {
        if (content === null) sql.exec("DELETE FROM workspace_files WHERE path = ?", path);
        else sql.exec("INSERT OR REPLACE INTO workspace_files (path, content) VALUES (?, ?)", path, content);
      }
    },
  };
}

/** Small settings the loop keeps between cycles (provider cooldowns), read synchronously. */
export function loopSettings(sql: SqlStorage) {
  sql.exec("CREATE TABLE IF NOT EXISTS loop_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
  return {
    get(key: string): string | undefined {
      const [row] = sql
        .exec<{ value: string }>("SELECT value FROM loop_settings WHERE key = ?", key)
        .toArray();
      return row?.value;
    },
    set(key: string, value: string) {
      sql.exec("INSERT OR REPLACE INTO loop_settings (key, value) VALUES (?, ?)", key, value);
    },
  };
}
