/**
 * What the CLI commands that talk to a running Cairn share (`audit`, `dlq`, `mcp`): the connection
 * options (`--url`, `--admin-token`, `--json`), one admin API call, and how its failures read.
 * A user's mistake or a refusal becomes a sentence, never a stack trace.
 */
import { z } from "zod";

export interface AdminApiCliDeps {
  fetch: typeof globalThis.fetch;
  env: Record<string, string | undefined>;
  out(line: string): void;
  err(line: string): void;
}

export interface AdminApiConnection {
  url: string;
  adminToken: string;
}

export const CONNECTION_OPTIONS = `  --url           the Worker's base URL, e.g. http://127.0.0.1:8787 (default: CAIRN_URL)
  --admin-token   the tenant's admin token (default: CAIRN_ADMIN_TOKEN)
  --json          print the API's answer as JSON`;

export interface ConnectionArgs {
  connection: AdminApiConnection;
  json: boolean;
  /** The arguments that are not connection options, in order. */
  rest: string[];
}

/** Takes `--url`, `--admin-token` and `--json` out of `args`; a string is what is wrong. */
export function readConnectionArgs(
  args: readonly string[],
  env: AdminApiCliDeps["env"],
): ConnectionArgs | string {
  let url = env.CAIRN_URL;
  let adminToken = env.CAIRN_ADMIN_TOKEN;
  let json = false;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--json") json = true;
    else if (arg === "--url" || arg === "--admin-token") {
      const value = args[++i];
      if (value === undefined || value.startsWith("--")) return `${arg} needs a value`;
      if (arg === "--url") url = value;
      else adminToken = value;
    } else rest.push(arg);
  }
  const unknown = rest.find((arg) => arg.startsWith("-"));
  if (unknown) return `unknown option ${unknown}`;
  if (!url) return "give the Worker's URL with --url (or CAIRN_URL)";
  if (!z.url().safeParse(url).success) return `--url must be a URL, got "${url}"`;
  if (!adminToken) return "give an admin token (--admin-token or CAIRN_ADMIN_TOKEN)";
  return { connection: { url: url.replace(/\/+$/, ""), adminToken }, json, rest };
}

export type AdminApiAnswer =
  | { ok: true; body: unknown }
  | { ok: false; status: number | null; message: string };

/** One request to the admin API; the answer's JSON, or a sentence saying what went wrong. */
export async function callAdminApi(
  deps: Pick<AdminApiCliDeps, "fetch">,
  connection: AdminApiConnection,
  method: "GET" | "POST" | "PUT" | "DELETE",
  path: string,
  /** Sent as JSON when given. */
  body?: unknown,
): Promise<AdminApiAnswer> {
  let response: Response;
  try {
    response = await deps.fetch(`${connection.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${connection.adminToken}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, status: null, message: `could not reach ${connection.url}: ${reason}` };
  }
  const text = await response.text();
  if (!response.ok) {
    let reason = text;
    try {
      reason = (JSON.parse(text) as { error?: string }).error ?? text;
    } catch {}
    return { ok: false, status: response.status, message: `Cairn answered ${response.status}: ${reason}` };
  }
  // 204 No Content (a deletion) has no body to parse.
  if (response.status === 204 || text === "") return { ok: true, body: null };
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch {
    return { ok: false, status: response.status, message: `${connection.url}${path} did not answer JSON` };
  }
}

/**
 * A GET whose answer must have `schema`'s shape: the parsed answer (and the raw body, for
 * `--json`), or the sentence to print — what Cairn refused, or that it answered something else.
 */
export async function readAdminApi<T>(
  deps: Pick<AdminApiCliDeps, "fetch">,
  connection: AdminApiConnection,
  path: string,
  schema: z.ZodType<T>,
  what: string,
): Promise<{ ok: true; data: T; body: unknown } | { ok: false; message: string }> {
  const answer = await callAdminApi(deps, connection, "GET", path);
  if (!answer.ok) return answer;
  const parsed = schema.safeParse(answer.body);
  if (!parsed.success) {
    const where = `${connection.url}${path.split("?")[0]}`;
    return { ok: false, message: `${where} did not answer ${what} (${parsed.error.issues[0]?.message})` };
  }
  return { ok: true, data: parsed.data, body: answer.body };
}

/** The real process's fetch, environment and streams. */
export function processDeps(): AdminApiCliDeps {
  return {
    fetch,
    env: process.env,
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  };
}
