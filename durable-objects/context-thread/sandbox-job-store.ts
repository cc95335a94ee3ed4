/**
 * The thread's background sandbox jobs, one row each in its SQLite: what ran, where, until when,
 * how often it has been polled, and how it ended (with the report, and whether it went out).
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS sandbox_jobs (
  id TEXT PRIMARY KEY,
  agent_id TEXT NOT NULL,
  command TEXT NOT NULL,
  sandbox_id TEXT,
  pid INTEGER,
  started_at INTEGER NOT NULL,
  deadline_at INTEGER NOT NULL,
  timeout_ms INTEGER NOT NULL,
  max_output_bytes INTEGER NOT NULL,
  poll_ms INTEGER NOT NULL,
  polls INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'expired', 'killed')),
  exit_code INTEGER,
  report TEXT,
  reported INTEGER NOT NULL DEFAULT 0,
  ended_at INTEGER
);
`;

export type JobStatus = "running" | "finished" | "expired" | "killed";

export interface SandboxJob {
  id: string;
  agentId: string;
  command: string;
  sandboxId: string | null;
  pid: number | null;
  startedAt: number;
  deadlineAt: number;
  timeoutMs: number;
  maxOutputBytes: number;
  pollMs: number;
  polls: number;
  status: JobStatus;
  exitCode: number | null;
  report: string | null;
  reported: boolean;
}

type JobColumns = {
  id: string;
  agent_id: string;
  command: string;
  sandbox_id: string | null;
  pid: number | null;
  started_at: number;
  deadline_at: number;
  timeout_ms: number;
  max_output_bytes: number;
  poll_ms: number;
  polls: number;
  status: string;
  exit_code: number | null;
  report: string | null;
  reported: number;
};

export class SandboxJobStore {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(SCHEMA);
  }

  get(id: string): SandboxJob | undefined {
    const row = this.sql.exec<JobColumns>("SELECT * FROM sandbox_jobs WHERE id = ?", id).toArray()[0];
    return row && toJob(row);
  }

  list(): SandboxJob[] {
    return this.sql
      .exec<JobColumns>("SELECT * FROM sandbox_jobs ORDER BY started_at, id")
      .toArray()
      .map(toJob);
  }

  insert(
    job: Pick<
      SandboxJob,
      "id" | "agentId" | "command" | "startedAt" | "deadlineAt" | "timeoutMs" | "maxOutputBytes"
    >,
    firstPollMs: number,
  ) {
    this.sql.exec(
      `INSERT INTO sandbox_jobs (id, agent_id, command, started_at, deadline_at, timeout_ms, max_output_bytes, poll_ms, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running')`,
      job.id,
      job.agentId,
      job.command,
      job.startedAt,
      job.deadlineAt,
      job.timeoutMs,
      job.maxOutputBytes,
      firstPollMs,
    );
  }

  started(id: string, sandboxId: string, pid: number) {
    this.sql.exec("UPDATE sandbox_jobs SET sandbox_id = ?, pid = ? WHERE id = ?", sandboxId, pid, id);
  }

  polledStillRunning(id: string, pollMs: number) {
    this.sql.exec("UPDATE sandbox_jobs SET polls = polls + 1, poll_ms = ? WHERE id = ?", pollMs, id);
  }

  /** Records how a job ended; only a running job can end (a repeated poll changes nothing). */
  ended(
    id: string,
    status: Exclude<JobStatus, "running">,
    exitCode: number | null,
    report: string,
    at: number,
  ) {
    this.sql.exec(
      `UPDATE sandbox_jobs SET status = ?, exit_code = ?, report = ?, ended_at = ?, polls = polls + 1
       WHERE id = ? AND status = 'running'`,
      status,
      exitCode,
      report,
      at,
      id,
    );
  }

  remove(id: string) {
    this.sql.exec("DELETE FROM sandbox_jobs WHERE id = ?", id);
  }

  markReported(id: string) {
    this.sql.exec("UPDATE sandbox_jobs SET reported = 1 WHERE id = ?", id);
  }
}

function toJob(row: JobColumns): SandboxJob {
  return {
    id: row.id,
    agentId: row.agent_id,
    command: row.command,
    sandboxId: row.sandbox_id,
    pid: row.pid,
    startedAt: row.started_at,
    deadlineAt: row.deadline_at,
    timeoutMs: row.timeout_ms,
    maxOutputBytes: row.max_output_bytes,
    pollMs: row.poll_ms,
    polls: row.polls,
    status: row.status as JobStatus,
    exitCode: row.exit_code,
    report: row.report,
    reported: row.reported === 1,
  };
}
