/** Shapes crossing the Tenant Durable Object's RPC boundary (structured-clone friendly). */
import type { DedupVerdict } from "../kernel/dedup";

export interface FileTaskRequest {
  tenantId: string;
  /** Derived from what created it (finding, API request), so a retry files the same task. */
  id: string;
  title: string;
  description?: string | undefined;
  taskType: string;
  entity?: string | undefined;
  /** Caller-chosen identity ("overdue:INV-1042"): equal keys are the same work. */
  dedupKey?: string | undefined;
  priority?: number | undefined;
  ownerAgentId?: string | undefined;
  parentId?: string | undefined;
  dueAt?: number | undefined;
  /** The context thread a chat-created task came from. */
  threadId?: string | undefined;
  /** "agent:<id>", "api:<token>", "system". */
  createdBy: string;
  at: number;
}

export interface FiledTask {
  /** True when this request's task exists (now or from an earlier attempt); false when merged. */
  created: boolean;
  /** The task that stands for the work: the new one, or the open one it was merged into. */
  taskId: string;
  verdict: DedupVerdict;
}
