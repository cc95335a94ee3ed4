/**
 * `npm run cairn -- audit verify --url <Cairn URL> [--json]`: checks the tenant's audit chains
 * through `GET /api/audit/verify` (the admin token names the tenant) and prints every break with
 * its kind, chain, seq and row id. Exits 0 when every chain is intact, 1 when one is broken, 2 for
 * a usage error or a request Cairn refused.
 */
import { z } from "zod";
import type { AuditVerification } from "../../kernel/audit/verify-chains";
import {
  type AdminApiCliDeps,
  CONNECTION_OPTIONS,
  type ConnectionArgs,
  callAdminApi,
  processDeps,
  readConnectionArgs,
} from "../cli/admin-api";

export const summary =
  "verify a tenant's audit chains: audit verify --url <Cairn URL> [--admin-token T] [--json]";

export const usage = `usage: npm run cairn -- audit verify --url <Cairn URL> [--admin-token <token>] [--json]

Checks every audit chain of the tenant the admin token belongs to (GET /api/audit/verify):
each entry's SHA-256, seq continuity, the links between entries and each chain's head as the
Tenant object anchored it. Breaks are named edited, deleted, reordered, inserted or truncated.

${CONNECTION_OPTIONS}

exit status: 0 every chain intact, 1 a chain is broken, 2 usage error or request refused`;

export type AuditCliDeps = AdminApiCliDeps;

function parseArgs(args: string[], env: AuditCliDeps["env"]): ConnectionArgs | "help" | string {
  const [sub, ...rest] = args;
  if (!sub || sub === "--help" || sub === "-h" || sub === "help" || rest.includes("--help")) return "help";
  if (sub !== "verify") return `unknown subcommand "${sub}"`;
  const options = readConnectionArgs(rest, env);
  if (typeof options === "string") return options;
  if (options.rest.length > 0) return `unexpected argument ${options.rest[0]}`;
  return options;
}

const ReportSchema = z
  .object({
    tenantId: z.string(),
    ok: z.boolean(),
    entries: z.number(),
    chained: z.number(),
    unchained: z.number(),
    chains: z.array(z.object({ writer: z.string(), entries: z.number(), ok: z.boolean() }).loose()),
    breaks: z.array(
      z.object({
        kind: z.string(),
        writer: z.string().nullable(),
        seq: z.number().nullable(),
        id: z.string().nullable(),
        detail: z.string(),
      }),
    ),
  })
  .loose();

export async function runWith(args: string[], deps: AuditCliDeps): Promise<number> {
  const options = parseArgs(args, deps.env);
  if (options === "help") {
    deps.out(usage);
    return 0;
  }
  if (typeof options === "string") {
    deps.err(`cairn audit: ${options}\n${usage}`);
    return 2;
  }
  const answer = await callAdminApi(deps, options.connection, "GET", "/api/audit/verify");
  if (!answer.ok) {
    deps.err(`cairn audit: ${answer.message}`);
    return 2;
  }
  let report: AuditVerification;
  try {
    report = ReportSchema.parse(answer.body) as unknown as AuditVerification;
  } catch {
    deps.err(`cairn audit: ${options.connection.url}/api/audit/verify did not answer a verification report`);
    return 2;
  }
  if (options.json) deps.out(JSON.stringify(report));
  else {
    deps.out(
      `tenant ${report.tenantId}: ${report.entries} entries, ${report.chained} chained in ${report.chains.length} chains, ${report.unchained} unchained (written before chaining)`,
    );
    for (const chain of report.chains)
      deps.out(`  ${chain.ok ? "ok    " : "BROKEN"} ${chain.writer} (${chain.entries} entries)`);
    for (const item of report.breaks)
      deps.out(
        `  ${item.kind} ${item.writer ?? "(no chain)"}${item.seq !== null ? ` seq ${item.seq}` : ""}${item.id ? ` row ${item.id}` : ""}: ${item.detail}`,
      );
    deps.out(report.ok ? "every chain is intact" : `${report.breaks.length} break(s)`);
  }
  return report.ok ? 0 : 1;
}

export function run(args: string[]): Promise<number> {
  return runWith(args, processDeps());
}
