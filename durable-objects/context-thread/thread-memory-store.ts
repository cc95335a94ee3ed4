/**
 * The thread's memory beside its messages, in the Durable Object's SQLite so it survives eviction
 * and hand-off: the rolling summary (one row, versioned), facts (one row per fact, current value and
 * history as the kernel's `Fact` JSON), participating agents, hand-offs, and the inclusion report of
 * each assembled prompt. Nothing is cached in memory: a fresh object reads the same state.
 */
import { z } from "zod";
import type { Fact, FactSet } from "../../kernel/memory/facts";
import type { ThreadSummary } from "../../kernel/memory/tiers";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS thread_summary (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  text TEXT NOT NULL,
  covers_through_key TEXT,
  covers_through_seq INTEGER NOT NULL,
  covered_count INTEGER NOT NULL,
  version INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS facts (
  fact_id TEXT PRIMARY KEY,
  subject_id TEXT NOT NULL,
  attribute TEXT NOT NULL,
  body TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS participating_agents (
  agent_id TEXT PRIMARY KEY,
  first_at INTEGER NOT NULL,
  last_at INTEGER NOT NULL,
  turns INTEGER NOT NULL DEFAULT 0,
  via TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS handoffs (
  handoff_key TEXT PRIMARY KEY,
  from_agent TEXT NOT NULL,
  to_agent TEXT NOT NULL,
  note TEXT NOT NULL,
  at INTEGER NOT NULL,
  summary_version INTEGER NOT NULL,
  reply TEXT
);
CREATE TABLE IF NOT EXISTS context_reports (
  turn_key TEXT PRIMARY KEY,
  agent_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  total_tokens INTEGER NOT NULL,
  budget_tokens INTEGER NOT NULL,
  included TEXT NOT NULL,
  dropped TEXT NOT NULL
);
`;

const VersionSchema = z.object({
  value: z.string(),
  observedAt: z.number(),
  sourceMessageIds: z.array(z.string()),
});
const FactSchema = z.object({
  factId: z.string(),
  subjectId: z.string(),
  attribute: z.string(),
  current: VersionSchema,
  history: z.array(VersionSchema),
});

export interface StoredSummary extends ThreadSummary {
  coversThroughSeq: number;
  version: number;
}

export interface ParticipatingAgent {
  agentId: string;
  firstAt: number;
  lastAt: number;
  turns: number;
  via: string;
}

export interface ContextReportRow {
  turnKey: string;
  agentId: string;
  at: number;
  totalTokens: number;
  budgetTokens: number;
  included: { tier: string; id: string; reason: string; tokens: number }[];
  dropped: { tier: string; id: string; reason: string }[];
}

export class ThreadMemoryStore {
  constructor(
    private readonly sql: SqlStorage,
    private readonly threadId: () => string,
  ) {
    sql.exec(SCHEMA);
  }

  summary(): StoredSummary | undefined {
    const row = this.sql
      .exec<{
        text: string;
        covers_through_key: string | null;
        covers_through_seq: number;
        covered_count: number;
        version: number;
        updated_at: number;
      }>(
        "SELECT text, covers_through_key, covers_through_seq, covered_count, version, updated_at FROM thread_summary WHERE id = 1",
      )
      .toArray()[0];
    if (!row) return undefined;
    return {
      threadId: this.threadId(),
      text: row.text,
      coversThroughMessageId: row.covers_through_key ?? undefined,
      coversThroughSeq: row.covers_through_seq,
      coveredMessageCount: row.covered_count,
      updatedAt: row.updated_at,
      version: row.version,
    };
  }

  saveSummary(summary: ThreadSummary, coversThroughSeq: number) {
    this.sql.exec(
      `INSERT INTO thread_summary (id, text, covers_through_key, covers_through_seq, covered_count, version, updated_at)
       VALUES (1, ?, ?, ?, ?, 1, ?)
       ON CONFLICT (id) DO UPDATE SET text = excluded.text, covers_through_key = excluded.covers_through_key,
         covers_through_seq = excluded.covers_through_seq, covered_count = excluded.covered_count,
         version = thread_summary.version + 1, updated_at = excluded.updated_at`,
      summary.text,
      summary.coversThroughMessageId ?? null,
      coversThroughSeq,
      summary.coveredMessageCount,
      summary.updatedAt,
    );
  }

  facts(): FactSet {
    const facts: Record<string, Fact> = {};
    for (const row of this.sql.exec<{ body: string }>("SELECT body FROM facts ORDER BY fact_id")) {
      const fact = FactSchema.parse(JSON.parse(row.body));
      facts[fact.factId] = fact;
    }
    return facts;
  }

  /** Writes only the facts that changed (the kernel returns new objects for those). */
  saveFacts(before: FactSet, after: FactSet, at: number) {
    for (const fact of Object.values(after)) {
      if (before[fact.factId] === fact) continue;
      this.sql.exec(
        `INSERT INTO facts (fact_id, subject_id, attribute, body, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (fact_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
        fact.factId,
        fact.subjectId,
        fact.attribute,
        JSON.stringify(fact),
        at,
      );
    }
  }

  /** Marks an agent as working in this thread; `via` says how it came ("turn", "handoff from x"). */
  noteAgent(agentId: string, at: number, via: string, turn: boolean) {
    this.sql.exec(
      `INSERT INTO participating_agents (agent_id, first_at, last_at, turns, via) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (agent_id) DO UPDATE SET last_at = max(last_at, excluded.last_at), turns = turns + excluded.turns`,
      agentId,
      at,
      at,
      turn ? 1 : 0,
      via,
    );
  }

  agents(): ParticipatingAgent[] {
    return this.sql
      .exec<{ agent_id: string; first_at: number; last_at: number; turns: number; via: string }>(
        "SELECT agent_id, first_at, last_at, turns, via FROM participating_agents ORDER BY first_at, agent_id",
      )
      .toArray()
      .map((row) => ({
        agentId: row.agent_id,
        firstAt: row.first_at,
        lastAt: row.last_at,
        turns: row.turns,
        via: row.via,
      }));
  }

  /** Records a hand-off once; answers whether it was new and any reply a finished one gave. */
  recordHandoff(row: {
    key: string;
    from: string;
    to: string;
    note: string;
    at: number;
    summaryVersion: number;
  }) {
    this.sql.exec(
      "INSERT OR IGNORE INTO handoffs (handoff_key, from_agent, to_agent, note, at, summary_version) VALUES (?, ?, ?, ?, ?, ?)",
      row.key,
      row.from,
      row.to,
      row.note,
      row.at,
      row.summaryVersion,
    );
    const stored = this.sql
      .exec<{ reply: string | null }>("SELECT reply FROM handoffs WHERE handoff_key = ?", row.key)
      .one();
    return { reply: stored.reply ?? undefined };
  }

  finishHandoff(key: string, reply: string) {
    this.sql.exec("UPDATE handoffs SET reply = ? WHERE handoff_key = ?", reply, key);
  }

  handoffs() {
    return this.sql
      .exec<{ handoff_key: string; from_agent: string; to_agent: string; note: string; at: number }>(
        "SELECT handoff_key, from_agent, to_agent, note, at FROM handoffs ORDER BY at, handoff_key",
      )
      .toArray()
      .map((row) => ({
        key: row.handoff_key,
        from: row.from_agent,
        to: row.to_agent,
        note: row.note,
        at: row.at,
      }));
  }

  saveReport(report: ContextReportRow) {
    this.sql.exec(
      `INSERT OR REPLACE INTO context_reports (turn_key, agent_id, at, total_tokens, budget_tokens, included, dropped)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      report.turnKey,
      report.agentId,
      report.at,
      report.totalTokens,
      report.budgetTokens,
      JSON.stringify(report.included),
      JSON.stringify(report.dropped),
    );
    // The report explains recent prompts; older ones are in the logs.
    this.sql.exec(
      "DELETE FROM context_reports WHERE turn_key NOT IN (SELECT turn_key FROM context_reports ORDER BY at DESC, turn_key DESC LIMIT 50)",
    );
  }

  latestReport(): ContextReportRow | undefined {
    const row = this.sql
      .exec<{
        turn_key: string;
        agent_id: string;
        at: number;
        total_tokens: number;
        budget_tokens: number;
        included: string;
        dropped: string;
      }>("SELECT * FROM context_reports ORDER BY at DESC, rowid DESC LIMIT 1")
      .toArray()[0];
    if (!row) return undefined;
    return {
      turnKey: row.turn_key,
      agentId: row.agent_id,
      at: row.at,
      totalTokens: row.total_tokens,
      budgetTokens: row.budget_tokens,
      included: JSON.parse(row.included),
      dropped: JSON.parse(row.dropped),
    };
  }
}
