/**
 * `npm run cairn -- status --url <Cairn URL>`: one tenant at a glance, from `GET /api/status` —
 * channels, agent loops, proposals waiting for a person, the outbox's backlog, dead letters and
 * spend against the budgets. Exits 0 when nothing needs attention, 1 when something does (dead
 * letters, failed deliveries, a loop whose next cycle is overdue, a budget spent), 2 for a usage
 * error or a request Cairn refused — so a script or a cron can alert on it.
 */
import {
  type AdminApiCliDeps,
  CONNECTION_OPTIONS,
  processDeps,
  readAdminApi,
  readConnectionArgs,
} from "../cli/admin-api";
import { ago, attention, dollars, type Status, StatusSchema } from "../cli/tenant-status";

export const summary =
  "a tenant at a glance: channels, loops, pending proposals, backlog, dead letters, spend";

export const usage = `usage: npm run cairn -- status --url <Cairn URL> [--admin-token <token>] [--json]

${CONNECTION_OPTIONS}

exit status: 0 nothing needs attention, 1 something does (named in the output), 2 usage error or
request refused`;

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
  const answer = await readAdminApi(deps, options.connection, "/api/status", StatusSchema, "a status");
  if (!answer.ok) {
    deps.err(`cairn status: ${answer.message}`);
    return 2;
  }
  // --json prints the API's answer whole: the schema checks only what the summary reads.
  if (options.json) deps.out(JSON.stringify(answer.body));
  else for (const line of render(answer.data)) deps.out(line);
  return attention(answer.data).length === 0 ? 0 : 1;
}

export function run(args: string[]): Promise<number> {
  return runWith(args, processDeps());
}
