/**
 * The ContextThread's own SQLite storage: its messages (deduplicated by the channel key),
 * the sandbox workspace, and a few settings. Everything here survives eviction. The thread's
 * summary, facts and agents are in thread-memory-store.ts, in the same database.
 */
import type { ChatMessage } from "../../providers/types";
import type { WorkspaceStore } from "../../tools/sandbox/just-bash";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS messages (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  dedup_key TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
  sender TEXT NOT NULL,
  text TEXT NOT NULL,
  at INTEGER NOT NULL,
  turn_done INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS workspace_files (
  path TEXT PRIMARY KEY,
  content TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

export interface StoredMessage {
  seq: number;
  dedupKey: string;
  role: "user" | "assistant";
  text: string;
  turnDone: boolean;
}

/** A stored message in the memory tiers' shape, with its position in this thread. */
export interface StoredThreadMessage {
  seq: number;
  id: string;
  role: "user" | "assistant";
  author: string;
  text: string;
  at: number;
}

export class ThreadStore implements WorkspaceStore {
  constructor(
    private readonly sql: SqlStorage,
    private readonly now: () => number,
  ) {
    sql.exec(SCHEMA);
  }

  /** Appends a message unless its key was seen; returns the stored row either way. */
  append(message: {
    dedupKey: string;
    role: "user" | "assistant";
    sender: string;
    text: string;
    at: number;
  }) {
    const inserted = this.sql
      .exec(
        "INSERT OR IGNORE INTO messages (dedup_key, role, sender, text, at) VALUES (?, ?, ?, ?, ?) RETURNING seq",
        message.dedupKey,
        message.role,
        message.sender,
        message.text,
        message.at,
      )
      .toArray();
    const row = this.sql
      .exec<{ seq: number; role: string; text: string; turn_done: number }>(
        "SELECT seq, role, text, turn_done FROM messages WHERE dedup_key = ?",
        message.dedupKey,
      )
      .one();
    return {
      seq: row.seq,
      dedupKey: message.dedupKey,
      role: row.role as StoredMessage["role"],
      text: row.text,
      turnDone: row.turn_done === 1,
      /** False for a repeat of a stored message (its dedup key was already here). */
      inserted: inserted.length > 0,
    };
  }

  /** Whether the message's turn finished (an unknown key has none to finish). */
  isTurnDone(dedupKey: string): boolean {
    const rows = this.sql
      .exec<{ turn_done: number }>("SELECT turn_done FROM messages WHERE dedup_key = ?", dedupKey)
      .toArray();
    return rows[0]?.turn_done !== 0;
  }

  markTurnDone(dedupKey: string) {
    this.sql.exec("UPDATE messages SET turn_done = 1 WHERE dedup_key = ?", dedupKey);
  }

  /** The latest messages before (and including) `uptoSeq`, oldest first, as model chat turns. */
  history(uptoSeq: number, limit: number): ChatMessage[] {
    const rows = this.sql
      .exec<{ role: string; text: string }>(
        "SELECT role, text FROM messages WHERE seq <= ? ORDER BY seq DESC LIMIT ?",
        uptoSeq,
        limit,
      )
      .toArray()
      .reverse();
    return rows.map((row) =>
      row.role === "user" ? { role: "user", content: row.text } : { role: "assistant", content: row.text },
    );
  }

  /** Messages after `afterSeq`, oldest first, as memory sees them (id = the channel dedup key). */
  messagesAfter(afterSeq: number, limit = 500): StoredThreadMessage[] {
    return this.sql
      .exec<{ seq: number; dedup_key: string; role: string; sender: string; text: string; at: number }>(
        "SELECT seq, dedup_key, role, sender, text, at FROM messages WHERE seq > ? ORDER BY seq LIMIT ?",
        afterSeq,
        limit,
      )
      .toArray()
      .map((row) => ({
        seq: row.seq,
        id: row.dedup_key,
        role: row.role as StoredMessage["role"],
        // Hand-off notes are stored with their author already qualified ("agent:<id>").
        author: row.sender.includes(":")
          ? row.sender
          : `${row.role === "user" ? "user" : "agent"}:${row.sender}`,
        text: row.text,
        at: row.at,
      }));
  }

  /** Adds a message moved here by a merge, under its original key (a repeat of the merge adds nothing). */
  importMessage(message: {
    id: string;
    role: "user" | "assistant";
    sender: string;
    text: string;
    at: number;
  }) {
    this.sql.exec(
      "INSERT OR IGNORE INTO messages (dedup_key, role, sender, text, at, turn_done) VALUES (?, ?, ?, ?, ?, 1)",
      message.id,
      message.role,
      message.sender,
      message.text,
      message.at,
    );
  }

  messageCount(): number {
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM messages").one().n;
  }

  getSetting(key: string): string | undefined {
    const rows = this.sql.exec<{ value: string }>("SELECT value FROM settings WHERE key = ?", key).toArray();
    return rows[0]?.value;
  }

  setSetting(key: string, value: string) {
    this.sql.exec(
      "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      key,
      value,
    );
  }

  async load(): Promise<Map<string, string>> {
    const files = new Map<string, string>();
    for (const row of this.sql.exec<{ path: string; content: string }>(
      "SELECT path, content FROM workspace_files",
    )) {
      files.set(row.path, row.content);
    }
    return files;
  }

  async save(changes: Map<string, string | null>): Promise<void> {
    for (const [path, content] of changes) {
      if (content === null) this.sql.exec("DELETE FROM workspace_files WHERE path = ?", path);
      else
        this.sql.exec(
          "INSERT INTO workspace_files (path, content, updated_at) VALUES (?, ?, ?) ON CONFLICT(path) DO UPDATE SET content = excluded.content, updated_at = excluded.updated_at",
          path,
          content,
          this.now(),
        );
    }
  }
}
