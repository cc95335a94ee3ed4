/**
 * `npm run cairn -- mcp list | add <name> <server URL> | remove <name> --url <Cairn URL>`: the
 * tenant's MCP servers through the admin API (`/api/mcp-servers`, docs/mcp.md). The server's
 * bearer token is read from an environment variable (`--token-env`), never from the command
 * line, where it would stay in the shell's history. Exits 0 on success, 1 when there is no such
 * server, 2 for a usage error or a request Cairn refused.
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

export const summary = "register, list or remove the tenant's MCP servers: mcp list | add | remove";

export const usage = `usage: npm run cairn -- mcp list --url <Cairn URL> [--admin-token <token>] [--json]
       npm run cairn -- mcp add <name> <server URL> [--token-env <VAR>] [--description <text>] --url <Cairn URL>
       npm run cairn -- mcp remove <name> --url <Cairn URL>

Registers an MCP server (Streamable HTTP) whose tools the tenant's agents may be offered as
mcp:<name>:<tool>. Registering grants nothing: the tools stay denied until the tenant's policy
allows them (tools.allow: ["mcp:<name>:<tool>"] or ["mcp:<name>:*"]) and the network policy
allows POST to the server's host. See docs/mcp.md.

  <name>           lower-case letters, digits and hyphens, e.g. crm
  <server URL>     the server's endpoint, https (http only for localhost)
  --token-env      the environment variable holding the server's bearer token (sealed by Cairn)
  --description    one line saying what the server is
${CONNECTION_OPTIONS}

exit status: 0 done, 1 no such server, 2 usage error or request refused`;

export type McpCliDeps = AdminApiCliDeps;

type Options = ConnectionArgs &
  (
    | { action: "list" }
    | { action: "add"; name: string; serverUrl: string; token?: string; description?: string }
    | { action: "remove"; name: string }
  );

const NAME = /^[a-z0-9](?:-?[a-z0-9])*$/;

function parseArgs(args: string[], env: McpCliDeps["env"]): Options | "help" | string {
  const [sub, ...rest] = args;
  if (!sub || sub === "help" || args.includes("--help") || args.includes("-h")) return "help";
  if (sub !== "list" && sub !== "add" && sub !== "remove") return `unknown subcommand "${sub}"`;
  // This command's own options come out first; the rest are the connection options.
  const own: Record<string, string> = {};
  const remaining: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === "--token-env" || arg === "--description") {
      const value = rest[++i];
      if (value === undefined || value.startsWith("--")) return `${arg} needs a value`;
      if (sub !== "add") return `${arg} is for mcp add`;
      own[arg] = value;
    } else remaining.push(arg);
  }
  const options = readConnectionArgs(remaining, env);
  if (typeof options === "string") return options;
  const [name, serverUrl, extra] = options.rest;
  if (sub === "list") {
    if (name !== undefined) return `unexpected argument ${name}`;
    return { ...options, action: "list" };
  }
  if (!name) return `${sub} needs the server's name`;
  if (!NAME.test(name) || name.length > 32)
    return `"${name}" is not a server name (lower-case letters, digits and hyphens, e.g. crm)`;
  if (sub === "remove") {
    if (serverUrl !== undefined) return `unexpected argument ${serverUrl}`;
    return { ...options, action: "remove", name };
  }
  if (!serverUrl) return "add needs the server's URL";
  if (extra !== undefined) return `unexpected argument ${extra}`;
  if (!z.url({ protocol: /^https?$/ }).safeParse(serverUrl).success)
    return `the server URL must be an http(s) URL, got "${serverUrl}"`;
  let token: string | undefined;
  const tokenEnv = own["--token-env"];
  if (tokenEnv) {
    token = env[tokenEnv];
    if (!token) return `--token-env ${tokenEnv}: that environment variable is not set`;
  }
  const description = own["--description"];
  return {
    ...options,
    action: "add",
    name,
    serverUrl,
    ...(token ? { token } : {}),
    ...(description ? { description } : {}),
  };
}

const Server = z
  .object({ name: z.string(), url: z.string(), hasToken: z.boolean(), description: z.string() })
  .loose();
const ListSchema = z.object({ servers: z.array(Server) }).loose();
const AddSchema = z.object({ server: Server, next: z.string() }).loose();

export async function runWith(args: string[], deps: McpCliDeps): Promise<number> {
  const options = parseArgs(args, deps.env);
  if (options === "help") {
    deps.out(usage);
    return 0;
  }
  if (typeof options === "string") {
    deps.err(`cairn mcp: ${options}\n${usage}`);
    return 2;
  }
  const { connection } = options;
  if (options.action === "list") {
    const answer = await callAdminApi(deps, connection, "GET", "/api/mcp-servers");
    if (!answer.ok) return refused(deps, answer.message);
    const list = ListSchema.safeParse(answer.body);
    if (!list.success) return refused(deps, `${connection.url}/api/mcp-servers did not answer a server list`);
    if (options.json) deps.out(JSON.stringify(list.data));
    else {
      for (const server of list.data.servers)
        deps.out(
          `${server.name}  ${server.url}  ${server.hasToken ? "token sealed" : "no token"}${server.description ? `  ${server.description}` : ""}`,
        );
      deps.out(`${list.data.servers.length} MCP server(s)`);
    }
    return 0;
  }
  const path = `/api/mcp-servers/${encodeURIComponent(options.name)}`;
  if (options.action === "remove") {
    const answer = await callAdminApi(deps, connection, "DELETE", path);
    if (!answer.ok) {
      if (answer.status === 404) {
        deps.err(`cairn mcp: no MCP server ${options.name} for this tenant`);
        return 1;
      }
      return refused(deps, answer.message);
    }
    deps.out(`removed MCP server ${options.name}`);
    return 0;
  }
  const answer = await callAdminApi(deps, connection, "PUT", path, {
    url: options.serverUrl,
    ...(options.token ? { token: options.token } : {}),
    ...(options.description ? { description: options.description } : {}),
  });
  if (!answer.ok) return refused(deps, answer.message);
  const added = AddSchema.safeParse(answer.body);
  if (!added.success) return refused(deps, `${connection.url}${path} did not answer a registration`);
  if (options.json) deps.out(JSON.stringify(added.data));
  else
    deps.out(
      `registered MCP server ${added.data.server.name} at ${added.data.server.url}\n${added.data.next}`,
    );
  return 0;
}

function refused(deps: McpCliDeps, message: string): number {
  deps.err(`cairn mcp: ${message}`);
  return 2;
}

export function run(args: string[]): Promise<number> {
  return runWith(args, processDeps());
}
