/**
 * What `cairn doctor --url` checks on a running Cairn, through the admin API and, when the bot
 * token is at hand, the platform itself: that the Worker answers and takes the token, that its
 * tables exist (a missing migration fails `GET /api/status`), that the clocks agree, that budgets
 * are set, that nothing waits on a person, and that Telegram delivers to this URL.
 */
import { readWebhookInfo, telegramWebhookUrl } from "../../channels/telegram/webhook-setup";
import { type AdminApiConnection, callAdminApi } from "../cli/admin-api";
import { attention, type Status, StatusSchema } from "../cli/tenant-status";
import { type CheckResult, fail, ok, skip, warn } from "./check-result";

export interface RemoteCheckDeps {
  fetch: typeof globalThis.fetch;
  env: Record<string, string | undefined>;
  now: () => number;
}

/** Beyond this, platforms' signed timestamps (Slack's five minutes) start to look stale or early. */
const CLOCK_SKEW_WARN_MS = 60_000;

async function reachStatus(
  deps: RemoteCheckDeps,
  connection: AdminApiConnection,
): Promise<{ result: CheckResult; status?: Status; skewMs?: number }> {
  const name = "admin API";
  const sentAt = deps.now();
  const answer = await callAdminApi(deps, connection, "GET", "/api/status");
  const receivedAt = deps.now();
  if (!answer.ok) {
    if (answer.status === null)
      return { result: fail(name, answer.message, "start it (npm start) or check --url") };
    if (answer.status === 401 || answer.status === 403)
      return {
        result: fail(
          name,
          answer.message,
          "use the tenant's admin token (--admin-token or CAIRN_ADMIN_TOKEN)",
        ),
      };
    if (answer.status >= 500)
      return {
        result: fail(
          name,
          answer.message,
          "apply the migrations (npx wrangler d1 migrations apply cairn --remote, or --local) and read `wrangler tail`",
        ),
      };
    return { result: fail(name, answer.message, "check --url: it should be the Worker's base URL") };
  }
  const parsed = StatusSchema.safeParse(answer.body);
  if (!parsed.success)
    return {
      result: fail(
        name,
        `${connection.url}/api/status did not answer a status`,
        "check --url: it should be the Worker's base URL",
      ),
    };
  const skewMs = parsed.data.at - (sentAt + receivedAt) / 2;
  return {
    result: ok(name, `${connection.url} answers for tenant ${parsed.data.tenant}`),
    status: parsed.data,
    skewMs,
  };
}

function clock(skewMs: number): CheckResult {
  const seconds = Math.round(skewMs / 1000);
  if (Math.abs(skewMs) <= CLOCK_SKEW_WARN_MS)
    return ok("clock", `this machine and the Worker agree within ${Math.abs(seconds)} s`);
  return warn(
    "clock",
    `the Worker's clock is ${Math.abs(seconds)} s ${seconds > 0 ? "ahead of" : "behind"} this machine's`,
    "synchronise this machine's clock (timedatectl set-ntp true): signed webhooks carry timestamps",
  );
}

function budgets(status: Status): CheckResult {
  const { dailyBudgetMicros, monthlyBudgetMicros } = status.spend;
  if (dailyBudgetMicros !== null || monthlyBudgetMicros !== null)
    return ok("budgets", "a tenant budget is set");
  return warn(
    "budgets",
    "no daily or monthly budget: model spend has no ceiling",
    'PUT /api/settings/routing with {"budget":{"tenant":{"dailyMicros":…}}} (docs/routing.md)',
  );
}

function channels(status: Status): CheckResult {
  if (status.channels.length === 0)
    return warn(
      "channels",
      "no channel connected: nobody can reach the agents",
      "npm run cairn -- channels telegram connect … (README, Deploy)",
    );
  return ok("channels", status.channels.map((channel) => channel.platform).join(", "));
}

function waiting(status: Status): CheckResult {
  const notes = attention(status);
  if (notes.length === 0) return ok("attention", "nothing waits on a person");
  return warn("attention", notes.join("; "), "npm run cairn -- status shows the details");
}

async function telegramWebhook(
  deps: RemoteCheckDeps,
  connection: AdminApiConnection,
  status: Status,
): Promise<CheckResult> {
  const name = "telegram webhook";
  if (!status.channels.some((channel) => channel.platform === "telegram"))
    return skip(name, "no Telegram channel connected");
  const token = deps.env.TELEGRAM_BOT_TOKEN;
  if (!token) return skip(name, "set TELEGRAM_BOT_TOKEN to compare the bot's webhook with this URL");
  const expected = telegramWebhookUrl(connection.url, status.tenant);
  const connect = `npm run cairn -- channels telegram connect --tenant ${status.tenant} --url ${connection.url}`;
  let info: Awaited<ReturnType<typeof readWebhookInfo>>;
  try {
    info = await readWebhookInfo({
      apiBase: deps.env.TELEGRAM_API_BASE ?? "https://api.telegram.org",
      token,
      fetch: deps.fetch,
    });
  } catch (error) {
    return fail(name, `getWebhookInfo failed: ${(error as Error).message}`, "check TELEGRAM_BOT_TOKEN");
  }
  if (info.url !== expected)
    return fail(name, `the bot delivers to ${info.url || "(no webhook)"}, not ${expected}`, connect);
  if (info.last_error_message)
    return warn(
      name,
      `Telegram's last delivery failed: ${info.last_error_message} (${info.pending_update_count} pending)`,
      "npm run cairn -- channels telegram info shows it; the Worker's log (wrangler tail) says why",
    );
  return ok(name, `delivers to ${expected} (${info.pending_update_count} pending)`);
}

export async function remoteChecks(
  deps: RemoteCheckDeps,
  connection: AdminApiConnection,
): Promise<CheckResult[]> {
  const reached = await reachStatus(deps, connection);
  if (!reached.status) return [reached.result];
  const { status } = reached;
  return [
    reached.result,
    clock(reached.skewMs ?? 0),
    budgets(status),
    channels(status),
    waiting(status),
    await telegramWebhook(deps, connection, status),
  ];
}
