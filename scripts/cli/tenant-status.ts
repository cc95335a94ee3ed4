/**
 * The answer of `GET /api/status` as the CLI reads it (`cairn status`, `cairn doctor`), and what
 * in it needs a person. Only the fields the CLI reads are checked; the rest passes through.
 */
import { z } from "zod";

export const StatusSchema = z
  .object({
    tenant: z.string(),
    at: z.number(),
    channels: z.array(z.object({ id: z.string(), platform: z.string(), agentId: z.string() })),
    agents: z.array(
      z.object({
        id: z.string(),
        enabled: z.boolean(),
        heartbeatAt: z.number().nullable(),
        nextCycleAt: z.number().nullable(),
        resumingCycle: z.object({ cycleId: z.string(), phase: z.string() }).nullable(),
      }),
    ),
    proposals: z.object({ pending: z.number() }),
    outbox: z.object({ pending: z.number(), failed: z.number(), oldestPendingAt: z.number().nullable() }),
    deadLetters: z.object({ open: z.number(), oldestAt: z.number().nullable() }),
    spend: z.object({
      todayMicros: z.number(),
      monthMicros: z.number(),
      dailyBudgetMicros: z.number().nullable(),
      monthlyBudgetMicros: z.number().nullable(),
    }),
  })
  .loose();
export type Status = z.infer<typeof StatusSchema>;

/** A loop is overdue when its next cycle is this far in the past: the alarm should have fired. */
const OVERDUE_MS = 10 * 60_000;

export const dollars = (micros: number) => `$${(micros / 1_000_000).toFixed(2)}`;
export const ago = (now: number, at: number) => {
  const minutes = Math.round((now - at) / 60_000);
  return minutes < 120 ? `${minutes} min ago` : `${Math.round(minutes / 60)} h ago`;
};

/** What needs a person's attention, one sentence each. */
export function attention(status: Status): string[] {
  const notes: string[] = [];
  if (status.deadLetters.open > 0)
    notes.push(`${status.deadLetters.open} dead letter(s) not replayed: npm run cairn -- dlq list`);
  if (status.outbox.failed > 0) notes.push(`${status.outbox.failed} outbound message(s) failed for good`);
  for (const agent of status.agents)
    if (agent.enabled && agent.nextCycleAt !== null && status.at - agent.nextCycleAt > OVERDUE_MS)
      notes.push(`agent ${agent.id}: next cycle was due ${ago(status.at, agent.nextCycleAt)}`);
  const { spend } = status;
  if (spend.dailyBudgetMicros !== null && spend.todayMicros >= spend.dailyBudgetMicros)
    notes.push(
      `today's budget is spent (${dollars(spend.todayMicros)} of ${dollars(spend.dailyBudgetMicros)})`,
    );
  if (spend.monthlyBudgetMicros !== null && spend.monthMicros >= spend.monthlyBudgetMicros)
    notes.push(
      `this month's budget is spent (${dollars(spend.monthMicros)} of ${dollars(spend.monthlyBudgetMicros)})`,
    );
  return notes;
}
