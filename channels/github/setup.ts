/**
 * GitHub from the CLI (`npm run cairn -- channels github connect …`): reads the token's account
 * (GET /user), stores the channel through the admin API (PUT /api/channels/github: secret and
 * token sealed) with a new webhook secret, then creates the repository's webhook for
 * `issue_comment` events with that secret (POST /repos/{owner}/{repo}/hooks), so the first
 * delivery already verifies. Run it once per repository; each run replaces the stored secret, so
 * hooks made earlier need `--secret` with the same value to keep verifying.
 *
 * The token comes from --token or GITHUB_TOKEN, the admin token from --admin-token or
 * CAIRN_ADMIN_TOKEN. Secrets are never printed.
 */
import { z } from "zod";
import { TenantIdSchema } from "../../kernel/tenant-id";
import type { ChannelSetupDeps } from "../adapter";
import { parseSetupArgs } from "../setup-args";
import { GITHUB_API_BASE } from "./rest-api";

export const GITHUB_SETUP_USAGE = [
  "usage: npm run cairn -- channels github connect --tenant <id> --url <public Cairn URL> --repo <owner/name>",
  "         [--token <token> | GITHUB_TOKEN] [--admin-token <token> | CAIRN_ADMIN_TOKEN] [--secret <webhook secret>]",
  "         [--agent <agent id, default operations>] [--approver <GitHub login>]… [--api-base <default https://api.github.com>]",
  "  The token needs write access to issues and pull requests, and to the repository's webhooks.",
].join("\n");

const ArgsSchema = z.object({
  action: z.literal("connect", { error: "the action is connect" }),
  tenant: TenantIdSchema,
  url: z.url(),
  repo: z.string().regex(/^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/, "owner/name"),
  token: z.string().regex(/^[A-Za-z0-9_]{20,255}$/, "a GitHub token (--token or GITHUB_TOKEN)"),
  adminToken: z.string().min(1, "an admin token (--admin-token or CAIRN_ADMIN_TOKEN)"),
  secret: z.string().min(16).max(256).optional(),
  agent: z.string().default("operations"),
  approvers: z.array(z.string().regex(/^[A-Za-z0-9-]{1,39}$/, "a GitHub login")).default([]),
  apiBase: z.url().default(GITHUB_API_BASE),
});
type Args = z.infer<typeof ArgsSchema>;

const FLAGS: Record<string, keyof Args> = {
  "--tenant": "tenant",
  "--url": "url",
  "--repo": "repo",
  "--token": "token",
  "--admin-token": "adminToken",
  "--secret": "secret",
  "--agent": "agent",
  "--approver": "approvers",
  "--api-base": "apiBase",
};

function parseArgs(args: string[], env: ChannelSetupDeps["env"]): Args | string {
  const parsed = parseSetupArgs(
    args,
    FLAGS,
    ArgsSchema,
    { token: env.GITHUB_TOKEN, adminToken: env.CAIRN_ADMIN_TOKEN },
    ["approvers"],
  );
  return parsed;
}

async function githubCall(args: Args, deps: ChannelSetupDeps, method: string, path: string, body?: unknown) {
  const response = await deps.fetch(`${args.apiBase}${path}`, {
    method,
    headers: {
      accept: "application/vnd.github+json",
      authorization: `Bearer ${args.token}`,
      "user-agent": "cairn",
      "x-github-api-version": "2022-11-28",
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok)
    throw new Error(
      `GitHub answered ${method} ${path} with ${response.status}: ${String(json.message ?? "no message")}`,
    );
  return json;
}

const AccountSchema = z.object({ login: z.string() }).loose();

export async function runGithubSetup(args: string[], deps: ChannelSetupDeps): Promise<number> {
  const parsed = parseArgs(args, deps.env);
  if (typeof parsed === "string") {
    deps.err(`${parsed}\n${GITHUB_SETUP_USAGE}`);
    return 2;
  }
  try {
    const account = AccountSchema.parse(await githubCall(parsed, deps, "GET", "/user"));
    const secret = parsed.secret ?? deps.secret();
    const base = parsed.url.replace(/\/+$/, "");
    const stored = await deps.fetch(`${base}/api/channels/github`, {
      method: "PUT",
      headers: { authorization: `Bearer ${parsed.adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({
        agentId: parsed.agent,
        webhookSecret: secret,
        token: parsed.token,
        botLogin: account.login,
        ...(parsed.approvers.length ? { approvers: parsed.approvers } : {}),
        ...(parsed.apiBase !== GITHUB_API_BASE ? { apiBase: parsed.apiBase } : {}),
      }),
    });
    if (!stored.ok) {
      deps.err(`Cairn refused the channel (${stored.status}): ${await stored.text()}`);
      return 1;
    }
    const url = `${base}/webhooks/github/${parsed.tenant}`;
    await githubCall(parsed, deps, "POST", `/repos/${parsed.repo}/hooks`, {
      name: "web",
      active: true,
      events: ["issue_comment"],
      config: { url, content_type: "json", secret, insecure_ssl: "0" },
    });
    deps.out(`connected ${parsed.repo} to ${url}; Cairn comments as @${account.login}`);
    return 0;
  } catch (error) {
    deps.err(error instanceof Error ? error.message : String(error));
    return 1;
  }
}
