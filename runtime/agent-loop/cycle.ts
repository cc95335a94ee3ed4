/**
 * One agent cycle: discover → deduplicate → plan → claim → act → reflect → record.
 *
 * Progress is saved in the AgentLoop's storage after each phase, and every effect carries a key
 * derived from the cycle id: finding ids, the Tenant DO's remembered verdicts, task ids (from the
 * finding), the claim (a renewal of our own lease), the turn's rows, the outcome rows. A cycle
 * that is evicted half-way is resumed by the next alarm under the same id and repeats nothing.
 */
import { type FindingRow, recordFindings } from "../../db/queries/findings";
import { claimNextTask, claimTask, returnExpiredLeases } from "../../db/queries/task-board";
import type { AgentDefinition } from "../../kernel/agents/schema";
import { sha256Hex } from "../../kernel/digest";
import { log } from "../../kernel/log";
import { checkFindings, fileTask } from "../tenant-coordination";
import { type ActDeps, type WorkResult, workTask } from "./act";
import { type DiscoveredWork, discover } from "./discoverers";
import { type CycleSummary, planFromReflections, recordReflection } from "./reflection";

/** How long a claim holds before the task returns to the pool (a crashed agent's work is retried). */
export const LEASE_MS = 30 * 60_000;

export const CYCLE_PHASES = ["started", "filed", "claimed", "acted"] as const;
export type CyclePhase = (typeof CYCLE_PHASES)[number];

/** What survives an eviction: enough to resume the same cycle without redoing a finished phase. */
export interface CycleProgress {
  cycleId: string;
  slot: number;
  coalescedSlots: number;
  startedAt: number;
  phase: CyclePhase;
  discovered: number;
  suppressed: number;
  tasksCreated: number;
  tasksMerged: number;
  notes: string[];
  claimedTaskId: string | null;
  claimedTaskType: string | null;
  work: WorkResult | null;
}

export interface CycleDeps extends Omit<ActDeps, "cycleId"> {
  save(progress: CycleProgress): Promise<void>;
  /** Fault injection for tests: throw right after this phase is saved, as an eviction would cut it. */
  crashAfter?: CyclePhase | undefined;
}

/** Thrown by the fault-injection seam only; a real eviction needs no exception to stop a cycle. */
export class InjectedCrash extends Error {}

const hashOf = async (text: string) => (await sha256Hex(text)).slice(0, 24);

async function checkpoint(deps: CycleDeps, progress: CycleProgress, phase: CyclePhase) {
  progress.phase = phase;
  await deps.save(progress);
  if (deps.crashAfter === phase) throw new InjectedCrash(`injected crash after ${phase}`);
}

async function discoverAndFile(deps: CycleDeps, agent: AgentDefinition, progress: CycleProgress) {
  const at = deps.clock.now();
  const notes: string[] = [];
  const context = {
    db: deps.db,
    tenantId: deps.tenantId,
    agentId: agent.id,
    now: at,
    policy: deps.policy.policy,
    fetch: (input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init),
    note: (problem: string) => notes.push(problem),
  };
  const found: DiscoveredWork[] = [];
  for (const source of agent.discovery) found.push(...(await discover(source, context)));
  const actor = `agent:${agent.id}`;
  const checks = [];
  for (const work of found) {
    const id = `fnd_${await hashOf(`${progress.cycleId}\n${work.source}\n${work.entity}\n${work.key}\n${work.text}`)}`;
    checks.push({
      tenant: deps.tenantId,
      id,
      source: work.source,
      entity: work.entity,
      key: work.key,
      text: work.text,
      at,
      agentId: agent.id,
      actor,
    });
  }
  const verdicts = await checkFindings(deps.env, deps.tenantId, checks);
  const records: FindingRow[] = [];
  for (const [index, work] of found.entries()) {
    const check = checks[index];
    const verdict = verdicts[index];
    if (!check || !verdict) continue;
    let taskId: string | null = null;
    if (verdict.duplicate) {
      progress.suppressed++;
    } else {
      const filed = await fileTask(deps.env, {
        tenantId: deps.tenantId,
        id: `task_${await hashOf(`${deps.tenantId}\n${check.id}`)}`,
        title: work.title,
        description: work.text,
        taskType: work.taskType,
        entity: work.entity,
        dedupKey: work.key,
        priority: work.priority,
        ownerAgentId: agent.id,
        parentId: work.parentId,
        dueAt: work.dueAt,
        createdBy: actor,
        at,
      });
      taskId = filed.taskId;
      if (filed.created) progress.tasksCreated++;
      else progress.tasksMerged++;
    }
    records.push({
      id: check.id,
      tenantId: deps.tenantId,
      agentId: agent.id,
      cycleId: progress.cycleId,
      source: work.source,
      entity: work.entity ?? null,
      key: work.key ?? null,
      text: work.text,
      verdict: verdict.duplicate ? "suppressed" : "new",
      duplicateOf: verdict.of ?? null,
      reason: verdict.reason,
      taskId,
      at,
    });
  }
  await recordFindings(deps.db, records);
  progress.discovered = found.length;
  progress.notes.push(...notes);
}

/** Runs (or resumes) the cycle in `progress`; returns the reflection it recorded. */
export async function runCycle(deps: CycleDeps, agent: AgentDefinition, progress: CycleProgress) {
  const actDeps: ActDeps = { ...deps, cycleId: progress.cycleId };
  if (progress.phase === "started") {
    await discoverAndFile(deps, agent, progress);
    await checkpoint(deps, progress, "filed");
  }
  if (progress.phase === "filed") {
    const returned = await returnExpiredLeases(deps.db, deps.tenantId, deps.clock.now());
    if (returned.length)
      progress.notes.push(`returned to the pool after lease expiry: ${returned.join(", ")}`);
    const plan = await planFromReflections(deps.db, deps.tenantId, agent.id);
    if (plan.note) progress.notes.push(plan.note);
    const claimed = await claimNextTask(deps.db, {
      tenantId: deps.tenantId,
      agentId: agent.id,
      now: deps.clock.now(),
      leaseMs: LEASE_MS,
      avoidTypes: plan.avoidTypes,
    });
    progress.claimedTaskId = claimed?.id ?? null;
    progress.claimedTaskType = claimed?.taskType ?? null;
    await checkpoint(deps, progress, "claimed");
  }
  if (progress.phase === "claimed") {
    if (progress.claimedTaskId) {
      // Renews our own lease; null if it expired meanwhile and another agent took the task.
      const task = await claimTask(deps.db, {
        tenantId: deps.tenantId,
        taskId: progress.claimedTaskId,
        agentId: agent.id,
        now: deps.clock.now(),
        leaseMs: LEASE_MS,
      });
      if (task) progress.work = await workTask(actDeps, task);
      else progress.notes.push(`lost the claim on ${progress.claimedTaskId} before working it`);
    }
    await checkpoint(deps, progress, "acted");
  }
  const summary: CycleSummary = {
    tenantId: deps.tenantId,
    agentId: agent.id,
    cycleId: progress.cycleId,
    slot: progress.slot,
    coalescedSlots: progress.coalescedSlots,
    startedAt: progress.startedAt,
    finishedAt: deps.clock.now(),
    discovered: progress.discovered,
    suppressed: progress.suppressed,
    tasksCreated: progress.tasksCreated,
    tasksMerged: progress.tasksMerged,
    claimedTaskId: progress.claimedTaskId,
    claimedTaskType: progress.claimedTaskType,
    work: progress.work,
    notes: progress.notes,
  };
  const row = await recordReflection(deps.db, summary);
  log("info", "loop.cycle", {
    tenant: deps.tenantId,
    agent: agent.id,
    cycle: progress.cycleId,
    outcome: row.outcome,
    created: row.tasksCreated,
    merged: row.tasksMerged,
  });
  return row;
}
