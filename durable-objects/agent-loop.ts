/**
 * AgentLoop: one Durable Object per (tenant, agent). Its alarm drives the agent's cycles on the
 * agent's schedule. Alarms are delivered at least once, so a cycle is identified by its slot
 * (kernel/agents/schedule): a repeated delivery finds the cycle already recorded and does
 * nothing twice; after any gap exactly one cycle runs, for the latest slot.
 */
import { DurableObject } from "cloudflare:workers";
import { database } from "../db/client";
import { getAgent } from "../db/queries/agents";
import { insertAuditEntries } from "../db/queries/audit";
import { validateAgentDefinition } from "../kernel/agents/load";
import { decideCycle } from "../kernel/agents/schedule";
import { systemClock } from "../kernel/clock";
import { log } from "../kernel/log";

export interface LoopStatus {
  tenantId: string;
  agentId: string;
  lastCycleId: string | null;
  lastCycleAt: number | null;
  nextCycleAt: number | null;
  cycles: number;
}

export class AgentLoop extends DurableObject<Env> {
  private readonly clock = systemClock;

  /**
   * Arms the alarm if it is not armed; safe to call any number of times. A loop is bound to the
   * first (tenant, agent) it serves and refuses any other, so a wrong name cannot cross tenants.
   */
  async ensureScheduled(tenantId: string, agentId: string): Promise<LoopStatus | { refused: string }> {
    const boundTenant = await this.ctx.storage.get<string>("tenant_id");
    const boundAgent = await this.ctx.storage.get<string>("agent_id");
    if (boundTenant && (boundTenant !== tenantId || boundAgent !== agentId)) {
      return { refused: `this loop belongs to ${boundTenant}/${boundAgent}, not ${tenantId}/${agentId}` };
    }
    await this.ctx.storage.put({ tenant_id: tenantId, agent_id: agentId });
    if ((await this.ctx.storage.getAlarm()) === null) {
      const schedule = await this.loadSchedule(tenantId, agentId);
      if (schedule) {
        const { nextAt } = decideCycle(
          schedule,
          await this.lastSlot(),
          new Date(this.clock.now()),
          `${tenantId}/${agentId}`,
        );
        await this.ctx.storage.setAlarm(nextAt.getTime());
      }
    }
    return this.status();
  }

  async status(): Promise<LoopStatus> {
    const stored = await this.ctx.storage.get<string | number>([
      "tenant_id",
      "agent_id",
      "last_cycle_id",
      "last_cycle_at",
      "cycles",
    ]);
    return {
      tenantId: String(stored.get("tenant_id") ?? ""),
      agentId: String(stored.get("agent_id") ?? ""),
      lastCycleId: (stored.get("last_cycle_id") as string | undefined) ?? null,
      lastCycleAt: (stored.get("last_cycle_at") as number | undefined) ?? null,
      nextCycleAt: await this.ctx.storage.getAlarm(),
      cycles: (stored.get("cycles") as number | undefined) ?? 0,
    };
  }

  override async alarm(): Promise<void> {
    const tenantId = await this.ctx.storage.get<string>("tenant_id");
    const agentId = await this.ctx.storage.get<string>("agent_id");
    if (!tenantId || !agentId) return;
    const schedule = await this.loadSchedule(tenantId, agentId);
    if (!schedule) {
      log("info", "loop.stopped", { tenant: tenantId, agent: agentId, reason: "agent disabled or removed" });
      return;
    }
    const now = this.clock.now();
    const { due, nextAt } = decideCycle(
      schedule,
      await this.lastSlot(),
      new Date(now),
      `${tenantId}/${agentId}`,
    );
    if (due) {
      // The audit row's id is the cycle id: a second delivery of the same alarm inserts nothing.
      await insertAuditEntries(database(this.env.DB), [
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
      ]);
      const cycles = ((await this.ctx.storage.get<number>("cycles")) ?? 0) + 1;
      await this.ctx.storage.put({
        last_cycle_id: due.cycleId,
        last_cycle_slot: due.slot.getTime(),
        last_cycle_at: now,
        cycles,
      });
      log("info", "loop.cycle", {
        tenant: tenantId,
        agent: agentId,
        cycle: due.cycleId,
        coalesced: due.coalescedSlots,
      });
    }
    await this.ctx.storage.setAlarm(nextAt.getTime());
  }

  private async lastSlot(): Promise<Date | null> {
    const slot = await this.ctx.storage.get<number>("last_cycle_slot");
    return slot === undefined ? null : new Date(slot);
  }

  private async loadSchedule(tenantId: string, agentId: string) {
    const row = await getAgent(database(this.env.DB), tenantId, agentId);
    if (!row?.enabled) return null;
    return validateAgentDefinition(row.definition, `agent ${agentId} of ${tenantId}`).schedule;
  }
}
