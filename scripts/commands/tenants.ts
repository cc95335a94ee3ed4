/**
 * `npm run cairn -- tenants <list|show|create|suspend|resume>`: the platform operator's tenants,
 * through the platform API (`/platform/tenants`) with the platform token — never a tenant's.
 */
import { z } from "zod";
import { type AdminApiCliDeps, callAdminApi, processDeps } from "../cli/admin-api";

export const summary = "the platform operator's tenants: list, show, create, suspend, resume";

export const usage = `usage: npm run cairn -- tenants <command> --url <Cairn URL> [--platform-token <token>] [--json]

  list                          every tenant, oldest first
  show <id>                     one tenant and its parked webhook events
  create <id> --name <name>     a tenant with its default agents; prints its admin token once
  suspend <id>                  its webhooks are acknowledged and parked, its agent loops idle
  resume <id>                   active again; what was parked is queued in arrival order

  --url             the Worker's base URL (default: CAIRN_URL)
  --platform-token  the deployment's platform token (default: CAIRN_PLATFORM_TOKEN)
  --json            print the API's answer as JSON`;

const Tenant = z.object({ id: z.string(), name: z.string(), status: z.string(), createdAt: z.number() });

const describe = (tenant: z.infer<typeof Tenant>) =>
  `${tenant.id}  ${tenant.status}  created ${new Date(tenant.createdAt).toISOString()}  ${tenant.name}`;

export async function runWith(args: string[], deps: AdminApiCliDeps): Promise<number> {
  const fail = (message: string) => {
    deps.err(`cairn tenants: ${message}\n${usage}`);
    return 2;
  };
  let url = deps.env.CAIRN_URL;
  let token = deps.env.CAIRN_PLATFORM_TOKEN;
  let name: string | undefined;
  let json = false;
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--json") json = true;
    else if (arg === "--url" || arg === "--platform-token" || arg === "--name") {
      const value = args[++i];
      if (value === undefined || value.startsWith("--")) return fail(`${arg} needs a value`);
      if (arg === "--url") url = value;
      else if (arg === "--name") name = value;
      else token = value;
    } else if (arg.startsWith("-")) return fail(`unknown option ${arg}`);
    else positional.push(arg);
  }
  const [command, id, ...extra] = positional;
  if (!command) return fail("name a command");
  if (!["list", "show", "create", "suspend", "resume"].includes(command))
    return fail(`unknown command ${command}`);
  if (command === "list" ? id !== undefined : id === undefined || extra.length > 0)
    return fail(command === "list" ? `unexpected argument ${id}` : `${command} takes one tenant id`);
  if (command === "create" && !name) return fail("create needs --name <name>");
  if (command !== "create" && name) return fail("--name belongs to create");
  if (!url) return fail("give the Worker's URL with --url (or CAIRN_URL)");
  if (!z.url().safeParse(url).success) return fail(`--url must be a URL, got "${url}"`);
  if (!token) return fail("give the platform token (--platform-token or CAIRN_PLATFORM_TOKEN)");

  const connection = { url: url.replace(/\/+$/, ""), adminToken: token };
  const path = `/platform/tenants${id ? `/${encodeURIComponent(id)}` : ""}`;
  const answer =
    command === "list"
      ? await callAdminApi(deps, connection, "GET", `${path}?limit=500`)
      : command === "show"
        ? await callAdminApi(deps, connection, "GET", path)
        : command === "create"
          ? await callAdminApi(deps, connection, "POST", "/platform/tenants", { id, name })
          : await callAdminApi(deps, connection, "POST", `${path}/${command}`);
  if (!answer.ok) {
    deps.err(`cairn tenants: ${answer.message}`);
    return 2;
  }
  if (json) {
    deps.out(JSON.stringify(answer.body));
    return 0;
  }
  const body = answer.body as Record<string, unknown>;
  if (command === "list") {
    const tenants = z.array(Tenant).safeParse(body.tenants);
    if (!tenants.success) return fail("the platform API did not answer a tenant list");
    for (const tenant of tenants.data) deps.out(describe(tenant));
    if (tenants.data.length === 0) deps.out("no tenants");
    return 0;
  }
  const tenant = Tenant.safeParse(body.tenant);
  if (!tenant.success) return fail("the platform API did not answer a tenant");
  deps.out(describe(tenant.data));
  if (command === "show") deps.out(`parked webhook events: ${body.parkedEvents}`);
  if (command === "create") {
    deps.out(`agents: ${(body.agents as string[]).join(", ")}`);
    deps.out(`admin token (shown once, Cairn keeps only its digest): ${body.adminToken}`);
  }
  if (command === "resume") deps.out(`queued ${body.queued} parked event(s), ${body.remaining} still parked`);
  return 0;
}

export function run(args: string[]): Promise<number> {
  return runWith(args, processDeps());
}
