/**
 * `npm run cairn -- doctor [--url <Cairn URL>]`: checks the configuration and says how to fix
 * each problem. Without --url it checks this checkout (local secrets, model keys, policy and
 * agent files, the local D1's migrations, deploy settings); with --url (or CAIRN_URL) it checks
 * the running Cairn too (reachable with the token, tables present, clocks, budgets, channels, the
 * Telegram webhook's URL). Exits 1 when a check fails, so CI can gate on it; warnings do not.
 */

import { type AdminApiCliDeps, CONNECTION_OPTIONS, processDeps, readConnectionArgs } from "../cli/admin-api";
import { type CheckResult, renderChecks } from "../doctor/check-result";
import { localChecks } from "../doctor/local-checks";
import { remoteChecks } from "../doctor/remote-checks";
import { ROOT } from "../local/state";

export const summary = "check the configuration and say how to fix each problem";

export const usage = `usage: npm run cairn -- doctor [--url <Cairn URL>] [--admin-token <token>] [--json]

Checks this checkout: .dev.vars's CAIRN_ENCRYPTION_KEY, model keys, policies/ and agents/, the
local D1's migrations, wrangler.toml's database id. With --url (or CAIRN_URL) also the running
Cairn: the admin API and token, its tables, clock skew, budgets, channels, dead letters and
failed deliveries, and the Telegram webhook's URL (when TELEGRAM_BOT_TOKEN is set).

${CONNECTION_OPTIONS}

exit status: 0 no check failed (warnings allowed), 1 a check failed, 2 usage error`;

export interface DoctorDeps extends AdminApiCliDeps {
  root: string;
  now: () => number;
}

export async function runWith(args: string[], deps: DoctorDeps): Promise<number> {
  const remote = args.includes("--url") || args.includes("--admin-token") || Boolean(deps.env.CAIRN_URL);
  let json = args.includes("--json");
  const results: CheckResult[] = [];
  let connection: Parameters<typeof remoteChecks>[1] | undefined;
  if (remote) {
    const options = readConnectionArgs(args, deps.env);
    if (typeof options === "string") {
      deps.err(`cairn doctor: ${options}\n${usage}`);
      return 2;
    }
    if (options.rest.length > 0) {
      deps.err(`cairn doctor: unexpected argument ${options.rest[0]}\n${usage}`);
      return 2;
    }
    connection = options.connection;
    json = options.json;
  } else {
    const other = args.find((arg) => arg !== "--json");
    if (other !== undefined) {
      deps.err(
        `cairn doctor: ${other.startsWith("-") ? "unknown option" : "unexpected argument"} ${other}\n${usage}`,
      );
      return 2;
    }
  }
  results.push(...(await localChecks({ root: deps.root, env: deps.env })));
  if (connection) results.push(...(await remoteChecks(deps, connection)));
  if (json) deps.out(JSON.stringify({ checks: results }));
  else for (const line of renderChecks(results)) deps.out(line);
  return results.some((result) => result.level === "fail") ? 1 : 0;
}

export function run(args: string[]): Promise<number> {
  return runWith(args, { ...processDeps(), root: ROOT, now: Date.now });
}
