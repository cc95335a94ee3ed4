/**
 * The outside world as the action catalogue sees it: small ports the host (the ContextThread)
 * implements over D1, its SQLite workspace, an email API and fetch. Tools stay free of db/ and
 * testable with plain objects.
 */
import type { WorkspaceStore } from "./sandbox/just-bash";

export interface TaskRecord {
  id: string;
  title: string;
  description: string;
  status: string;
  priority: number;
  ownerAgentId: string | null;
  version: number;
}

export interface TaskChanges {
  title?: string | undefined;
  description?: string | undefined;
  priority?: number | undefined;
  status?: "new" | "claimed" | "in_progress" | "blocked" | "review" | "done" | "failed" | "cancelled";
  ownerAgentId?: string | null | undefined;
}

export interface FiledTaskRecord {
  task: TaskRecord;
  merged: boolean;
  /** The dedup verdict's reason: which rule, score and threshold decided. */
  reason: string;
}

export interface TaskPort {
  find(id: string): Promise<TaskRecord | null>;
  /**
   * Files a task through the tenant's dedup coordination: created once under `id` (a retry
   * answers as before), or merged into the open task it duplicates — then `merged` is true, the
   * open task is returned, and it carries a comment saying why.
   */
  create(task: {
    id: string;
    title: string;
    description: string;
    priority: number;
    createdBy: string;
  }): Promise<FiledTaskRecord>;
  /** Applies changes if the task is still at `version`; null when it moved meanwhile. */
  change(id: string, version: number, changes: TaskChanges): Promise<TaskRecord | null>;
  /** Deletes a task an action created, only while still at `version`. */
  remove(id: string, version: number): Promise<boolean>;
}

export interface RecordEntity {
  id: string;
  name: string;
  data: Record<string, unknown>;
  version: number;
}

export interface RecordPort {
  get(entityId: string): Promise<RecordEntity | null>;
  /** Writes the whole record if still at `version`; null when someone changed it first. */
  put(entityId: string, version: number, data: Record<string, unknown>): Promise<RecordEntity | null>;
}

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface EmailPort {
  /** Sends once per key: the provider drops a repeat of the same idempotency key. */
  send(message: EmailMessage, idempotencyKey: string): Promise<{ id: string }>;
}

export interface ActionServices {
  tasks: TaskPort;
  records: RecordPort;
  workspace: WorkspaceStore;
  email: EmailPort;
  fetch: typeof fetch;
  now(): number;
}

/**
 * The host's proposal lifecycle, carried on the tool context to the tool-call path. Opaque here:
 * the ContextThread fills it in by declaration merging (durable-objects/context-thread/
 * proposal-intake.ts), so tools/ never depends on the Durable Object layer.
 */
// biome-ignore lint/suspicious/noEmptyInterface: completed by declaration merging in the host.
export interface ProposalHostHandle {}
