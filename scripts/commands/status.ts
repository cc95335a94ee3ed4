/**
 * `npm run cairn -- status --url <Cairn URL>`: one tenant at a glance, from `GET /api/status` —
 * channels, agent loops, proposals waiting for a person, the outbox's backlog, dead letters and
 * spend against the budgets. Exits 0 when nothing needs attention, 1 when something does (dead
 * letters, failed deliveries, a loop whose next cycle is overdue, a budget spent), 2 for a usage
 * error or a request Cairn refused — so a script or a cron can alert on it.
 */
import { z } from "zod";
import {
  type AdminApiCliDeps,
  CONNECTION_OPTIONS,
  callAdminApi,
  processDeps,
  readConnectionArgs,
} from "../cli/admin-api";

export const summary =
  "a tenant at a glance: channels, loops, pending proposals, backlog, dead letters, spend";

export const usage = `usage: npm run cairn -- status --url <Cairn URL> [--admin-token <token>] [--json]

${CONNECTION_OPTIONS}

exit status: 0 nothing needs attention, 1 something does (named in the output), 2 usage error or
request refused`;

const StatusSchema = z
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
type Status = z.infer<typeof StatusSchema>;

/** A loop is overdue when its next cycle is this far in the past: the alarm should have fired. */
const OVERDUE_MS = 10 * 60_000;

const dollars = (micros: number) => `$${(micros / 1_000_000).toFixed(2)}`;
const ago = (now: number, at: number) => {
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

export function render(status: Status): string[] {
  const { spend } = status;
  const budget = (micros: number | null) => (micros === null ? "no budget set" : `of ${dollars(micros)}`);
  const lines = [
    `tenant ${status.tenant} at ${new Date(status.at).toISOString()}`,
    `channels: ${status.channels.map((c) => `${c.platform} (agent ${c.agentId})`).join(", ") || "none connected"}`,
    "agents:",
    ...status.agents.map((agent) => {
      if (!agent.enabled) return `  ${agent.id}: disabled`;
      if (agent.heartbeatAt === null && agent.nextCycleAt === null)
        return `  ${agent.id}: loop not scheduled yet`;
      const parts = [
        agent.heartbeatAt === null ? "never woke" : `woke ${ago(status.at, agent.heartbeatAt)}`,
        agent.nextCycleAt === null
          ? "no next cycle"
          : `next cycle ${new Date(agent.nextCycleAt).toISOString()}`,
        ...(agent.resumingCycle
          ? [`resuming ${agent.resumingCycle.cycleId} after ${agent.resumingCycle.phase}`]
          : []),
      ];
      return `  ${agent.id}: ${parts.join(", ")}`;
    }),
    `proposals waiting for a person: ${status.proposals.pending}`,
    `outbox: ${status.outbox.pending} pending${status.outbox.oldestPendingAt === null ? "" : ` (oldest ${ago(status.at, status.outbox.oldestPendingAt)})`}, ${status.outbox.failed} failed`,
    `dead letters: ${status.deadLetters.open}`,
    `spend: today ${dollars(spend.todayMicros)} ${budget(spend.dailyBudgetMicros)}, this month ${dollars(spend.monthMicros)} ${budget(spend.monthlyBudgetMicros)}`,
  ];
  const notes = attention(status);
  lines.push(
    notes.length === 0
      ? "nothing needs attention"
      : `needs attention:\n${notes.map((n) => `  - ${n}`).join("\n")}`,
  );
  return lines;
}

export async function runWith(args: string[], deps: AdminApiCliDeps): Promise<number> {
  const options = readConnectionArgs(args, deps.env);
  if (typeof options === "string") {
    deps.err(`cairn status: ${options}\n${usage}`);
    return 2;
  }
  if (options.rest.length > 0) {
    deps.err(`cairn status: unexpected argument ${options.rest[0]}\n${usage}`);
    return 2;
  }
  const answer = await callAdminApi(deps, options.connection, "GET", "/api/status");
  if (!answer.ok) {
    deps.err(`cairn status: ${answer.message}`);
    return 2;
  }
  const parsed = StatusSchema.safeParse(answer.body);
  if (!parsed.success) {
    deps.err(
      `cairn status: ${options.connection.url}/api/status did not answer a status (${parsed.error.issues[0]?.message})`,
    );
    return 2;
  }
  // --json prints the API's answer whole: the schema checks only what the summary reads.
  if (options.json) deps.out(JSON.stringify(answer.body));
  else for (const line of render(parsed.data)) deps.out(line);
  return attention(parsed.data).length === 0 ? 0 : 1;
}

export function run(args: string[]): Promise<number> {
  return runWith(args, processDeps());
}
