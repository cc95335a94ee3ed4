/**
 * `GET /api/status`: the operator's glance at one tenant (`npm run cairn -- status`): its
 * channels, each agent's loop (heartbeat, next cycle, a cycle being resumed), proposals waiting
 * for a person, the outbox's backlog, dead letters nobody has replayed, and spend against the
 * budgets. Each part is a count or a short list, so the answer stays small whatever the tenant's size.
 */
import { database } from "../../db/client";
import { listAgents } from "../../db/queries/agents";
import { listChannels } from "../../db/queries/channels";
import { spendTotals, storedRoutingSettings } from "../../db/queries/routing";
import { statusCounts } from "../../db/queries/status";
import { agentLoopStub } from "../../durable-objects/stubs";
import { routingSettingsFrom } from "../../kernel/routing/tenant-settings";
import { apiRouter } from "./request";

export const statusRoutes = apiRouter().get("/", async (c) => {
  const tenantId = c.var.tenantId;
  const db = database(c.env.DB);
  const now = Date.now();
  const [channels, agents, counts, spend, stored] = await Promise.all([
    listChannels(db, tenantId),
    listAgents(db, tenantId),
    statusCounts(db, tenantId),
    spendTotals(db, tenantId, "", now),
    storedRoutingSettings(db, tenantId),
  ]);
  const loops = await Promise.all(
    agents.map(async (agent) => {
      const loop = agent.enabled ? await agentLoopStub(c.env, tenantId, agent.id).status() : null;
      // A loop never bound to its tenant has never been scheduled: null, not an empty tenant's.
      const running = loop?.tenantId ? loop : null;
      return {
        id: agent.id,
        enabled: agent.enabled,
        heartbeatAt: running?.heartbeatAt ?? null,
        lastCycleAt: running?.lastCycleAt ?? null,
        nextCycleAt: running?.nextCycleAt ?? null,
        resumingCycle: running?.resumingCycle ?? null,
      };
    }),
  );
  const budget = routingSettingsFrom(stored).budget.tenant;
  return c.json({
    tenant: tenantId,
    at: now,
    channels: channels.map((channel) => ({
      id: channel.id,
      platform: channel.kind,
      agentId: channel.agentId,
    })),
    agents: loops,
    proposals: { pending: counts.proposals.pending ?? 0, byStatus: counts.proposals },
    outbox: counts.outbox,
    deadLetters: counts.deadLetters,
    spend: {
      todayMicros: spend.tenantTodayMicros,
      monthMicros: spend.tenantMonthMicros,
      dailyBudgetMicros: budget.dailyMicros ?? null,
      monthlyBudgetMicros: budget.monthlyMicros ?? null,
    },
  });
});
