/**
 * `npm run cairn -- dlq list | replay <id> --url <Cairn URL>`: the tenant's dead-letter table
 * (D1 `dead_letters`) through the admin API: `GET /api/dead-letters` and
 * `POST /api/dead-letters/:id/replay` (the admin token names the tenant). Exits 0 on success,
 * 1 when Cairn has no such dead letter, 2 for a usage error or a request Cairn refused.
 */
import { z } from "zod";
import {
  type AdminApiCliDeps,
  CONNECTION_OPTIONS,
  type ConnectionArgs,
  callAdminApi,
  processDeps,
  readConnectionArgs,
} from "../cli/admin-api";

export const summary = "list or replay dead-lettered messages: dlq list | replay <id> --url <Cairn URL>";

export const usage = `usage: npm run cairn -- dlq list --url <Cairn URL> [--admin-token <token>] [--json]
       npm run cairn -- dlq replay <id> --url <Cairn URL> [--admin-token <token>] [--json]

Messages that could not be processed: a thread's turn that failed all its attempts (the person
was told "I could not process this message; reference <id>") or a body the queues' dead-letter
queue received. replay stores a thread's message again under a new key, for its thread's alarm
to run, or sends a queue body back to its queue.

${CONNECTION_OPTIONS}

exit status: 0 done, 1 no such dead letter, 2 usage error or request refused`;

export type DlqCliDeps = AdminApiCliDeps;

interface Options extends ConnectionArgs {
  action: "list" | "replay";
  id?: string;
}

function parseArgs(args: string[], env: DlqCliDeps["env"]): Options | "help" | string {
  const [sub, ...rest] = args;
  if (!sub || sub === "--help" || sub === "-h" || sub === "help" || rest.includes("--help")) return "help";
  if (sub !== "list" && sub !== "replay") return `unknown subcommand "${sub}"`;
  const options = readConnectionArgs(rest, env);
  if (typeof options === "string") return options;
  const [id, extra] = sub === "replay" ? options.rest : [undefined, ...options.rest];
  if (extra !== undefined) return `unexpected argument ${extra}`;
  if (sub === "replay" && !id) return "replay needs the dead letter's id (see dlq list)";
  if (id !== undefined && !/^[A-Za-z0-9_-]{1,100}$/.test(id)) return `"${id}" is not a dead letter id`;
  return { ...options, action: sub, ...(id ? { id } : {}) };
}

const DeadLetterSchema = z
  .object({
    id: z.string(),
    source: z.string(),
    messageKey: z.string(),
    threadId: z.string().nullable(),
    error: z.string(),
    attempts: z.number(),
    createdAt: z.number(),
    replayedAt: z.number().nullable(),
  })
  .loose();
const ListSchema = z.object({ deadLetters: z.array(DeadLetterSchema) }).loose();
const ReplaySchema = z
  .object({
    replayed: z
      .object({ id: z.string(), threadId: z.string().optional(), queue: z.string().optional() })
      .loose(),
  })
  .loose();

export async function runWith(args: string[], deps: DlqCliDeps): Promise<number> {
  const options = parseArgs(args, deps.env);
  if (options === "help") {
    deps.out(usage);
    return 0;
  }
  if (typeof options === "string") {
    deps.err(`cairn dlq: ${options}\n${usage}`);
    return 2;
  }
  const path =
    options.action === "list"
      ? "/api/dead-letters"
      : `/api/dead-letters/${encodeURIComponent(options.id!)}/replay`;
  const answer = await callAdminApi(
    deps,
    options.connection,
    options.action === "list" ? "GET" : "POST",
    path,
  );
  if (!answer.ok) {
    if (answer.status === 404 && options.id) {
      deps.err(`cairn dlq: no dead letter ${options.id} for this tenant`);
      return 1;
    }
    deps.err(`cairn dlq: ${answer.message}`);
    return 2;
  }
  const body = answer.body;
  const url = options.connection.url;
  if (options.action === "list") {
    const list = ListSchema.safeParse(body);
    if (!list.success) {
      deps.err(`cairn dlq: ${url}${path} did not answer a dead-letter list`);
      return 2;
    }
    if (options.json) deps.out(JSON.stringify(list.data));
    else {
      for (const row of list.data.deadLetters)
        deps.out(
          `${row.id}  ${new Date(row.createdAt).toISOString()}  ${row.source}  ${row.threadId ?? "-"}  ${row.messageKey}  ${row.attempts} attempt(s)${row.replayedAt ? "  replayed" : ""}  ${row.error}`,
        );
      deps.out(`${list.data.deadLetters.length} dead letter(s)`);
    }
    return 0;
  }
  const replay = ReplaySchema.safeParse(body);
  if (!replay.success) {
    deps.err(`cairn dlq: ${url}${path} did not answer a replay`);
    return 2;
  }
  if (options.json) deps.out(JSON.stringify(replay.data));
  else
    deps.out(
      `replayed ${replay.data.replayed.id} ${replay.data.replayed.threadId ? `into thread ${replay.data.replayed.threadId}` : `to ${replay.data.replayed.queue}`}`,
    );
  return 0;
}

export function run(args: string[]): Promise<number> {
  return runWith(args, processDeps());
}
