/**
 * Calls into the tenant's coordinator (durable-objects/tenant.ts) for the code that files tasks
 * and proposals: task, discovery and proposal dedup across every thread and agent of a tenant.
 * The coordinator refuses another tenant's request; these callers cannot act on that (it means a
 * bug), so the request fails as a whole with a `RefusedError`.
 */
const COORDINATOR = "the tenant's coordinator";

import { database } from "../db/client";
import { getTask, OPEN_TASK_STATUSES } from "../db/queries/tasks";
import { tenantStub } from "../durable-objects/stubs";
import type { DedupVerdict, Finding, NewProposal } from "../kernel/dedup";
import { accepted } from "../kernel/refusal";
import type { FiledTask, FileTaskRequest } from "./tenant-rpc-types";

type TenantEnv = Pick<Env, "TENANT">;

/** Files a task through the tenant's coordinator: created, or merged into the open duplicate. */
export async function fileTask(env: TenantEnv, request: FileTaskRequest): Promise<FiledTask> {
  return accepted(await tenantStub(env, request.tenantId).fileTask(request), COORDINATOR);
}

/** Discovery layer for a batch of one tenant's findings; verdicts in the same order. */
export async function checkFindings(
  env: TenantEnv,
  tenantId: string,
  findings: (Finding & { agentId: string; actor: string })[],
): Promise<DedupVerdict[]> {
  if (findings.length === 0) return [];
  return accepted(await tenantStub(env, tenantId).checkFindings(findings), COORDINATOR);
}

/**
 * Proposal layer, for whoever creates proposals (runtime/turn/tool-calls.ts):
 * call before inserting a proposal. `duplicate: false` → create it (it is now remembered as
 * pending); `action: "merge"` → do not create, point the user at `verdict.of`; `action: "refuse"`
 * → the same action ran within the window, do not create. The verdict is in the audit log.
 * @example checkProposalDuplicate(env, { tenant, id: "prop_x", action: "send_message", target: "client:acme", argumentsText: canonicalArguments(input), at: now, actor: "agent:finance" })
 */
export async function checkProposalDuplicate(
  env: TenantEnv,
  proposal: NewProposal & { actor: string },
): Promise<DedupVerdict> {
  return accepted(await tenantStub(env, proposal.tenant).checkProposal(proposal), COORDINATOR);
}

/** After a proposal ran (starts the refusal window) or was rejected/expired (unblocks a new one). */
export async function recordProposalFate(
  env: TenantEnv,
  tenantId: string,
  proposalId: string,
  fate: "executed" | "rejected",
  at: number,
): Promise<void> {
  accepted(await tenantStub(env, tenantId).proposalFate(tenantId, proposalId, fate, at), COORDINATOR);
}

/** A task that left the open statuses stops absorbing duplicates; the same work may recur. */
export async function closeTaskForDedupIn(
  env: TenantEnv & Pick<Env, "DB">,
  tenantId: string,
  taskId: string,
): Promise<void> {
  const task = await getTask(database(env.DB), tenantId, taskId);
  if (task && !(OPEN_TASK_STATUSES as readonly string[]).includes(task.status)) {
    accepted(await tenantStub(env, tenantId).closeTask(tenantId, taskId), COORDINATOR);
  }
}
