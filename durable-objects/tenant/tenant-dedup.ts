/**
 * The dedup layers as the Tenant DO runs them: the kernel's verdict, remembered by item id (so a
 * retried check answers the same and changes nothing), its effect on the board (a task created
 * or a merge comment), and an audit entry with the verdict and reason.
 */
import type { Database } from "../../db/client";
import { type AuditChain, type AuditEntry, insertAuditEntries } from "../../db/queries/audit";
import { addTaskComment } from "../../db/queries/task-board";
import { getTask, insertTask, OPEN_TASK_STATUSES } from "../../db/queries/tasks";
import {
  closeTaskForDedup,
  createDedupContext,
  type DedupConfigInput,
  type DedupContext,
  type DedupLayer,
  type DedupVerdict,
  dedupFinding,
  dedupProposal,
  dedupTask,
  type Finding,
  markProposalExecuted,
  markProposalRejected,
  type NewProposal,
  taskMergeComment,
} from "../../kernel/dedup";
import type { FiledTask, FileTaskRequest } from "../../runtime/tenant-rpc-types";
import { SqliteDedupStore } from "./sqlite-dedup-store";

export class TenantDedup {
  private readonly context: DedupContext;

  constructor(
    private readonly sql: SqlStorage,
    private readonly db: Database,
    config: DedupConfigInput,
    private readonly now: () => number,
    private readonly chain: AuditChain,
  ) {
    this.context = createDedupContext(new SqliteDedupStore(sql), config);
    sql.exec(`CREATE TABLE IF NOT EXISTS verdicts (
      layer TEXT NOT NULL, id TEXT NOT NULL, verdict TEXT NOT NULL, PRIMARY KEY (layer, id))`);
  }

  private remembered(layer: DedupLayer, id: string): DedupVerdict | undefined {
    const [row] = this.sql
      .exec<{ verdict: string }>("SELECT verdict FROM verdicts WHERE layer = ? AND id = ?", layer, id)
      .toArray();
    return row ? (JSON.parse(row.verdict) as DedupVerdict) : undefined;
  }

  private async remember(tenantId: string, id: string, verdict: DedupVerdict, audit: AuditDetail) {
    await insertAuditEntries(this.db, [this.rememberLocally(tenantId, id, verdict, audit)], this.chain);
  }

  /** Stores the verdict by item id and returns its audit entry, for the caller to write (batched). */
  private rememberLocally(
    tenantId: string,
    id: string,
    verdict: DedupVerdict,
    audit: AuditDetail,
  ): AuditEntry {
    this.sql.exec(
      "INSERT OR REPLACE INTO verdicts (layer, id, verdict) VALUES (?, ?, ?)",
      verdict.layer,
      id,
      JSON.stringify(verdict),
    );
    return {
      id: `dedup:${verdict.layer}:${id}`,
      tenantId,
      at: this.now(),
      actor: audit.actor,
      action: `dedup.${verdict.layer}`,
      subjectType: verdict.layer,
      subjectId: id,
      agentId: audit.agentId ?? null,
      detail: {
        duplicate: verdict.duplicate,
        reason: verdict.reason,
        of: verdict.of ?? null,
        score: verdict.score ?? null,
        action: verdict.action ?? null,
      },
    };
  }

  async fileTask(request: FileTaskRequest): Promise<FiledTask> {
    const earlier = this.remembered("task", request.id);
    if (earlier) return { created: !earlier.duplicate, taskId: earlier.of ?? request.id, verdict: earlier };
    const text = request.description ? `${request.title}\n${request.description}` : request.title;
    const check = () =>
      dedupTask(this.context, {
        tenant: request.tenantId,
        id: request.id,
        text,
        entity: request.entity,
        key: request.dedupKey,
        at: request.at,
      });
    let verdict = await check();
    // A retry after the insert but before the verdict was remembered finds its own record.
    if (verdict.duplicate && verdict.of === request.id) {
      verdict = {
        duplicate: false,
        layer: "task",
        reason: "no open task with the same key, wording or meaning",
      };
    }
    // The board is the truth: a task closed through a path that did not tell us stops absorbing.
    while (verdict.duplicate && verdict.of && !(await this.isOpen(request.tenantId, verdict.of))) {
      await closeTaskForDedup(this.context, request.tenantId, verdict.of);
      verdict = await check();
    }
    const agentId = request.createdBy.startsWith("agent:") ? request.createdBy.slice(6) : undefined;
    if (verdict.duplicate && verdict.of) {
      await addTaskComment(this.db, {
        id: `cmt_merge_${request.id}`,
        tenantId: request.tenantId,
        taskId: verdict.of,
        author: request.createdBy,
        kind: "merge",
        body: taskMergeComment(verdict, { id: request.id, text: request.title }),
        at: request.at,
      });
      await this.remember(request.tenantId, request.id, verdict, { actor: request.createdBy, agentId });
      return { created: false, taskId: verdict.of, verdict };
    }
    await insertTask(this.db, {
      id: request.id,
      tenantId: request.tenantId,
      title: request.title,
      description: request.description ?? "",
      status: "new",
      priority: request.priority ?? 3,
      taskType: request.taskType,
      ownerAgentId: request.ownerAgentId ?? null,
      entity: request.entity ?? null,
      dedupKey: request.dedupKey ?? null,
      parentId: request.parentId ?? null,
      threadId: request.threadId ?? null,
      createdBy: request.createdBy,
      dueAt: request.dueAt ?? null,
      createdAt: request.at,
      updatedAt: request.at,
    });
    await this.remember(request.tenantId, request.id, verdict, { actor: request.createdBy, agentId });
    return { created: true, taskId: request.id, verdict };
  }

  private async isOpen(tenantId: string, taskId: string): Promise<boolean> {
    const task = await getTask(this.db, tenantId, taskId);
    return task !== null && (OPEN_TASK_STATUSES as readonly string[]).includes(task.status);
  }

  /** A cycle's findings in one call: one round trip and one batched audit write per cycle. */
  async checkFindings(findings: (Finding & { agentId: string; actor: string })[]): Promise<DedupVerdict[]> {
    const verdicts: DedupVerdict[] = [];
    const audit: AuditEntry[] = [];
    for (const finding of findings) {
      const earlier = this.remembered("discovery", finding.id);
      if (earlier) {
        verdicts.push(earlier);
        continue;
      }
      const { agentId, actor, ...kernelFinding } = finding;
      const verdict = await dedupFinding(this.context, kernelFinding);
      audit.push(this.rememberLocally(finding.tenant, finding.id, verdict, { actor, agentId }));
      verdicts.push(verdict);
    }
    await insertAuditEntries(this.db, audit, this.chain);
    return verdicts;
  }

  async checkProposal(proposal: NewProposal & { actor: string }): Promise<DedupVerdict> {
    const earlier = this.remembered("proposal", proposal.id);
    if (earlier) return earlier;
    const { actor, ...kernelProposal } = proposal;
    const verdict = await dedupProposal(this.context, kernelProposal);
    const agentId = actor.startsWith("agent:") ? actor.slice(6) : undefined;
    await this.remember(proposal.tenant, proposal.id, verdict, { actor, agentId });
    return verdict;
  }

  async proposalFate(tenantId: string, proposalId: string, fate: "executed" | "rejected", at: number) {
    if (fate === "executed") await markProposalExecuted(this.context, tenantId, proposalId, at);
    else await markProposalRejected(this.context, tenantId, proposalId);
  }

  async closeTask(tenantId: string, taskId: string): Promise<void> {
    await closeTaskForDedup(this.context, tenantId, taskId);
  }
}

interface AuditDetail {
  actor: string;
  agentId?: string | undefined;
}
