/**
 * The action catalogue's ports (tools/ports.ts) implemented for one tenant: tasks and records in
 * D1 (always filtered by the tenant), files in the thread's SQLite workspace, email through
 * Resend's HTTP API, and fetch.
 */
import type { Database } from "../../db/client";
import { getEntity, setEntityField } from "../../db/queries/entities";
import { changeTask, deleteCreatedTask, findTask } from "../../db/queries/task-actions";
import { createResendEmail } from "../../tools/email/resend-api";
import type { ActionServices, TaskRecord } from "../../tools/ports";
import type { WorkspaceStore } from "../../tools/sandbox/just-bash";
import { fileTask } from "../tenant-coordination";

/** Email settings are optional secrets/vars: absent, an email fails with a message saying so. */
export interface EmailEnv {
  EMAIL_API_KEY?: string;
  EMAIL_API_URL?: string;
  EMAIL_FROM?: string;
}

function taskRecord(row: NonNullable<Awaited<ReturnType<typeof findTask>>>): TaskRecord {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    status: row.status,
    priority: row.priority,
    ownerAgentId: row.ownerAgentId,
    version: row.version,
  };
}

export function createActionServices(input: {
  db: Database;
  tenantId: string;
  threadId: string;
  workspace: WorkspaceStore;
  env: EmailEnv;
  /** The Tenant Durable Object: tasks are filed through its dedup coordination. */
  coordination: Pick<Env, "TENANT">;
  now: () => number;
}): ActionServices {
  const { db, tenantId, now } = input;
  return {
    now,
    fetch: (request, init) => fetch(request, init),
    workspace: input.workspace,
    email: createResendEmail({
      apiKey: input.env.EMAIL_API_KEY,
      url: input.env.EMAIL_API_URL,
      from: input.env.EMAIL_FROM ?? "Cairn <cairn@localhost>",
    }),
    tasks: {
      async find(id) {
        const row = await findTask(db, tenantId, id);
        return row ? taskRecord(row) : null;
      },
      // Filed like every other task (agent cycles, the API): a duplicate of an open task is merged
      // into it as a comment with the reason, and two racing threads file one task.
      async create(task) {
        const filed = await fileTask(input.coordination, {
          tenantId,
          id: task.id,
          title: task.title,
          description: task.description,
          taskType: "general",
          priority: task.priority,
          threadId: input.threadId,
          createdBy: task.createdBy,
          at: now(),
        });
        const row = await findTask(db, tenantId, filed.taskId);
        if (!row) throw new Error(`task ${filed.taskId} vanished after it was filed`);
        return { task: taskRecord(row), merged: !filed.created, reason: filed.verdict.reason };
      },
      async change(id, version, changes) {
        const row = await changeTask(db, tenantId, id, version, changes, now());
        return row ? taskRecord(row) : null;
      },
      remove: (id, version) => deleteCreatedTask(db, tenantId, id, version),
    },
    records: {
      async get(entityId) {
        const row = await getEntity(db, tenantId, entityId);
        return row ? { id: row.id, name: row.name, data: row.data, version: row.version } : null;
      },
      async put(entityId, version, data) {
        const row = await setEntityField(db, tenantId, entityId, version, data, now());
        return row ? { id: row.id, name: row.name, data: row.data, version: row.version } : null;
      },
    },
  };
}
