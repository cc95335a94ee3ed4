/**
 * AgentLoop: one Durable Object per (tenant, agent). Its alarm drives the agent's cycles on the
 * agent's schedule. Alarms are delivered at least once, so a cycle is identified by its slot
 * (kernel/agents/schedule): a repeated delivery finds the cycle already recorded and does
 * nothing twice; after any gap exactly one cycle runs, for the latest slot. A cycle cut short
 * by an eviction is resumed, under its own id, before any later one (runtime/agent-loop/cycle.ts).
 */

import { database } from "../db/client";
import { getAgent } from "../db/queries/agents";
import { insertAuditEntries } from "../db/queries/audit";
import { getTenant } from "../db/queries/tenancy";
import { validateAgentDefinition } from "../kernel/agents/load";
import { decideCycle } from "../kernel/agents/schedule";
import type { AgentDefinition } from "../kernel/agents/schema";
import { auditWriter } from "../kernel/audit/chain";
import { systemClock } from "../kernel/clock";
import { log, scopedLogger } from "../kernel/log";
import type { Refusable } from "../kernel/refusal";
import { type CyclePhase, type CycleProgress, InjectedCrash, runCycle } from "../runtime/agent-loop/cycle";
import { auditChain } from "../runtime/audit-chain";
import { loadEffectivePolicy } from "../runtime/turn/policy";
import { sharedCooldownStore } from "../runtime/turn/provider-cooldowns";
import { agentWorkspace, loopSettings } from "./agent-loop/workspace";
import { CairnObject } from "./cairn-object";
import { type ScheduleRow, Schedules } from "./schedules";
import { tenantStub } from "./stubs";

/** The loop's one timer: its next cycle, in the same schedules table ContextThread uses. */
const CYCLE_TIMER = "agent.cycle";
/** How often a suspended tenant's loop looks whether it was resumed. */
const SUSPENDED_LOOK_AGAIN_MS = 15 * 60_000;

const numberOrNull = (value: unknown) => (typeof value === "number" ? value : null);
const stringOrNull = (value: unknown) => (typeof value === "string" ? value : null);

export interface LoopStatus {
  tenantId: string;
  agentId: string;
  /** When the loop last woke (alarm or driven cycle), whether or not a cycle was due. */
  heartbeatAt: number | null;
  lastCycleId: string | null;
  lastCycleAt: number | null;
  nextCycleAt: number | null;
  cycles: number;
  /** A cycle interrupted part-way, which the next wake resumes. */
  resumingCycle: { cycleId: string; phase: CyclePhase } | null;
}

export interface DriveOptions {
  /** Fault injection for tests: stop the cycle right after this phase, as an eviction would. */
  crashAfter?: CyclePhase;
}

export class AgentLoop extends CairnObject {
  private readonly clock = systemClock;
  private schedules?: Schedules;

  private timers(): Schedules {
    this.schedules ??= new Schedules(this.ctx.storage.sql, this.ctx.storage);
    return this.schedules;
  }

  /**
   * Arms the alarm if it is not armed; safe to call any number of times. A loop is bound to the
   * first (tenant, agent) it serves and refuses any other, so a wrong name cannot cross tenants.
   */
  async ensureScheduled(tenantId: string, agentId: string): Promise<Refusable<LoopStatus>> {
    const refused = await this.bind(tenantId, agentId);
    if (refused) return { refused };
    if (!this.timers().get(CYCLE_TIMER)) {
      const agent = await this.loadAgent(tenantId, agentId);
      if (agent) {
        const { nextAt } = decideCycle(
          agent.schedule,
          await this.lastSlot(),
          new Date(this.clock.now()),
          `${tenantId}/${agentId}`,
        );
        await this.timers().put(CYCLE_TIMER, CYCLE_TIMER, nextAt.getTime(), null);
      }
    }
    return this.status();
  }

  async status(): Promise<LoopStatus> {
    const stored = await this.ctx.storage.get<unknown>([
      "tenant_id",
      "agent_id",
      "heartbeat_at",
      "last_cycle_id",
      "last_cycle_at",
      "cycles",
      "cycle_progress",
    ]);
    // Only this object writes these keys, with these types; progress is the cycle's own record.
    const progress = stored.get("cycle_progress") as CycleProgress | undefined;
    return {
      tenantId: stringOrNull(stored.get("tenant_id")) ?? "",
      agentId: stringOrNull(stored.get("agent_id")) ?? "",
      heartbeatAt: numberOrNull(stored.get("heartbeat_at")),
      lastCycleId: stringOrNull(stored.get("last_cycle_id")),
      lastCycleAt: numberOrNull(stored.get("last_cycle_at")),
      nextCycleAt: this.timers().get(CYCLE_TIMER)?.dueAt ?? null,
      cycles: numberOrNull(stored.get("cycles")) ?? 0,
      resumingCycle: progress ? { cycleId: progress.cycleId, phase: progress.phase } : null,
    };
  }

  override async alarm(): Promise<void> {
    const timers = this.timers();
    // A loop armed before it kept a schedules table has an alarm and no row: its cycle is due.
    if (!timers.get(CYCLE_TIMER)) await timers.put(CYCLE_TIMER, CYCLE_TIMER, this.clock.now(), null);
    // The alarm is armed for the earliest timer, so when it fires that timer is due.
    const due = Math.max(this.clock.now(), timers.list()[0]?.dueAt ?? 0);
    await timers.runDue(
      due,
      { [CYCLE_TIMER]: (row) => this.cycleTimer(row) },
      { [CYCLE_TIMER]: (_row, reason) => this.abandonCycle(reason) },
    );
  }

  /**
   * A cycle out of attempts (schedules.ts): its slot counts as spent, audited with the phase it
   * reached and the reason, and the next slot is armed — so one cycle that cannot finish neither
   * stops the loop nor is tried for ever. Effects it already had stay (each is keyed and audited).
   */
  private async abandonCycle(reason: string): Promise<void> {
    const tenantId = await this.ctx.storage.get<string>("tenant_id");
    const agentId = await this.ctx.storage.get<string>("agent_id");
    if (!tenantId || !agentId) return;
    const now = this.clock.now();
    const progress = await this.ctx.storage.get<CycleProgress>("cycle_progress");
    if (progress) {
      await insertAuditEntries(
        database(this.env.DB),
        [
          {
            id: `cycle:${progress.cycleId}:abandoned`,
            tenantId,
            at: now,
            actor: "system",
            action: "agent.cycle_abandoned",
            subjectType: "cycle",
            subjectId: progress.cycleId,
            agentId,
            detail: { phase: progress.phase, reason },
          },
        ],
        auditChain(this.env, tenantId, auditWriter.agentLoop(agentId)),
      );
      await this.ctx.storage.put({ last_cycle_id: progress.cycleId, last_cycle_slot: progress.slot });
      await this.ctx.storage.delete("cycle_progress");
    }
    log("error", "loop.cycle_abandoned", {
      tenant: tenantId,
      agent: agentId,
      cycle: progress?.cycleId ?? null,
      reason,
    });
    const agent = await this.loadAgent(tenantId, agentId);
    if (!agent) return;
    const { nextAt } = decideCycle(
      agent.schedule,
      await this.lastSlot(),
      new Date(now),
      `${tenantId}/${agentId}`,
    );
    await this.timers().put(CYCLE_TIMER, CYCLE_TIMER, Math.max(nextAt.getTime(), now + 1), null);
  }

  /** Runs the due cycle, then moves the timer to the next one (none: the agent stopped). */
  private async cycleTimer(row: ScheduleRow): Promise<void> {
    const next = await this.wake(this.clock.now(), {}, () => this.clock.now());
    // Later than the row that ran, so the runner's clean-up of that row leaves this one.
    if (next !== null) await this.timers().put(CYCLE_TIMER, CYCLE_TIMER, Math.max(next, row.dueAt + 1), null);
  }

  /**
   * Runs what is due at `at` exactly as the alarm would, without touching the alarm: lets tests
   * and the CLI drive many cycles fast, with their own clock. Returns the cycle id run, if any.
   */
  async driveCycle(
    tenantId: string,
    agentId: string,
    at: number,
    options: DriveOptions = {},
  ): Promise<Refusable<{ lastCycleId: string | null; interrupted?: string }>> {
    const refused = await this.bind(tenantId, agentId);
    if (refused) return { refused };
    try {
      // A driven cycle's clock stands still at `at`.
      await this.wake(at, options, () => at);
    } catch (error) {
      if (!(error instanceof InjectedCrash)) throw error;
      return {
        lastCycleId: (await this.ctx.storage.get<string>("last_cycle_id")) ?? null,
        interrupted: error.message,
      };
    }
    return { lastCycleId: (await this.ctx.storage.get<string>("last_cycle_id")) ?? null };
  }

  /** One wake: resume an interrupted cycle, or run the due one. Returns when to wake next. */
  private async wake(now: number, options: DriveOptions, clock: () => number): Promise<number | null> {
    const tenantId = await this.ctx.storage.get<string>("tenant_id");
    const agentId = await this.ctx.storage.get<string>("agent_id");
    if (!tenantId || !agentId) return null;
    await this.ctx.storage.put("heartbeat_at", now);
    const agent = await this.loadAgent(tenantId, agentId);
    if (!agent) {
      log("info", "loop.stopped", { tenant: tenantId, agent: agentId, reason: "agent disabled or removed" });
      return null;
    }
    // A suspended tenant's loop idles: no cycle, no model call; after its resume the next look
    // runs one cycle for the slots missed (decideCycle coalesces them).
    if ((await getTenant(database(this.env.DB), tenantId))?.status === "suspended") {
      log("info", "loop.tenant_suspended", { tenant: tenantId, agent: agentId });
      return now + SUSPENDED_LOOK_AGAIN_MS;
    }
    const scope = `${tenantId}/${agentId}`;
    let progress = await this.ctx.storage.get<CycleProgress>("cycle_progress");
    if (!progress) {
      const { due } = decideCycle(agent.schedule, await this.lastSlot(), new Date(now), scope);
      if (due) {
        progress = {
          cycleId: due.cycleId,
          slot: due.slot.getTime(),
          coalescedSlots: due.coalescedSlots,
          startedAt: now,
          phase: "started",
          discovered: 0,
          suppressed: 0,
          tasksCreated: 0,
          tasksMerged: 0,
          notes: [],
          claimedTaskId: null,
          claimedTaskType: null,
          work: null,
        };
        // Recorded before any effect; the audit row's id is the cycle id, so a retry inserts nothing.
        await this.ctx.storage.put("cycle_progress", progress);
        await insertAuditEntries(
          database(this.env.DB),
          [
            {
              id: `cycle:${due.cycleId}`,
              tenantId,
              at: now,
              actor: `agent:${agentId}`,
              action: "agent.cycle",
              subjectType: "cycle",
              subjectId: due.cycleId,
              agentId,
              detail: { slot: due.slot.toISOString(), coalescedSlots: due.coalescedSlots },
            },
          ],
          auditChain(this.env, tenantId, auditWriter.agentLoop(agentId)),
        );
      }
    }
    if (progress) await this.finish(tenantId, agent, progress, now, options, clock);
    const after = decideCycle(agent.schedule, await this.lastSlot(), new Date(now), scope);
    // A later slot already passed while we resumed an older cycle: come back at once for it.
    return after.due ? now : after.nextAt.getTime();
  }

  private async finish(
    tenantId: string,
    agent: AgentDefinition,
    progress: CycleProgress,
    now: number,
    options: DriveOptions,
    clock: () => number,
  ) {
    const db = database(this.env.DB);
    const settings = loopSettings(this.ctx.storage.sql);
    await runCycle(
      {
        env: this.env,
        db,
        tenantId,
        agent,
        policy: await loadEffectivePolicy(db, tenantId, agent.id),
        workspace: agentWorkspace(this.ctx.storage.sql),
        cooldowns: sharedCooldownStore({
          tenantId,
          local: {
            get: () => settings.get("provider_cooldowns"),
            set: (json) => settings.set("provider_cooldowns", json),
          },
          shared: tenantStub(this.env, tenantId),
        }),
        clock: { now: clock },
        logger: scopedLogger({ tenant: tenantId, agent: agent.id }),
        save: (saved) => this.ctx.storage.put("cycle_progress", saved),
        crashAfter: options.crashAfter,
      },
      agent,
      progress,
    );
    const cycles = ((await this.ctx.storage.get<number>("cycles")) ?? 0) + 1;
    await this.ctx.storage.put({
      last_cycle_id: progress.cycleId,
      last_cycle_slot: progress.slot,
      last_cycle_at: now,
      cycles,
    });
    await this.ctx.storage.delete("cycle_progress");
  }

  private async bind(tenantId: string, agentId: string): Promise<string | undefined> {
    const boundTenant = await this.ctx.storage.get<string>("tenant_id");
    const boundAgent = await this.ctx.storage.get<string>("agent_id");
    if (boundTenant && (boundTenant !== tenantId || boundAgent !== agentId)) {
      return `this loop belongs to ${boundTenant}/${boundAgent}, not ${tenantId}/${agentId}`;
    }
    await this.ctx.storage.put({ tenant_id: tenantId, agent_id: agentId });
    return undefined;
  }

  private async lastSlot(): Promise<Date | null> {
    const slot = await this.ctx.storage.get<number>("last_cycle_slot");
    return slot === undefined ? null : new Date(slot);
  }

  private async loadAgent(tenantId: string, agentId: string): Promise<AgentDefinition | null> {
    const row = await getAgent(database(this.env.DB), tenantId, agentId);
    if (!row?.enabled) return null;
    return validateAgentDefinition(row.definition, `agent ${agentId} of ${tenantId}`);
  }
}
