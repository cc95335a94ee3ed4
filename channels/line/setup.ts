/**
 * LINE's webhook, managed from the CLI (`npm run cairn -- channels line …`):
 * connect reads the bot's user id (GET /v2/bot/info), stores the channel through the admin API
 *   (PUT /api/channels/line: secret and token sealed), then sets the webhook URL
 *   (PUT /v2/bot/channel/webhook/endpoint), so the first event LINE delivers already verifies.
 * info: the webhook URL LINE has and whether it is in use. test: LINE sends a test event to it.
 *
 * The channel secret and access token come from --secret / LINE_CHANNEL_SECRET and --token /
 * LINE_CHANNEL_ACCESS_TOKEN; the admin token from --admin-token or CAIRN_ADMIN_TOKEN. Secrets are
 * never printed.
 */
import { z } from "zod";
import { TenantIdSchema } from "../../kernel/tenant-id";
import type { ChannelSetupDeps } from "../adapter";
import { parseSetupArgs } from "../setup-args";
import { LINE_API_BASE } from "./messaging-api";

export const LINE_SETUP_USAGE = [
  "usage: npm run cairn -- channels line <connect|info|test> --tenant <id> [--url <public Cairn URL>]",
  "         [--token <channel access token> | LINE_CHANNEL_ACCESS_TOKEN] [--secret <channel secret> | LINE_CHANNEL_SECRET]",
  "         [--admin-token <token> | CAIRN_ADMIN_TOKEN] [--agent <agent id, default operations>] [--approver <LINE user id>]…",
  "         [--api-base <Messaging API base, default https://api.line.me>]",
  "  connect needs --url, the secret and an admin token; then switch on 'Use webhook' in the LINE console.",
].join("\n");

const ArgsSchema = z.object({
  action: z.enum(["connect", "info", "test"]),
  tenant: TenantIdSchema,
  url: z.url().optional(),
  token: z.string().regex(/^[A-Za-z0-9+/=._-]{20,2000}$/, "a channel access token"),
  secret: z
    .string()
    .regex(/^[0-9a-f]{32}$/, "the channel secret: 32 hex digits")
    .optional(),
  adminToken: z.string().min(1).optional(),
  agent: z.string().default("operations"),
  approvers: z.array(z.string().regex(/^U[0-9a-f]{32}$/, "a LINE user id")).default([]),
  apiBase: z.url().default(LINE_API_BASE),
});
type Args = z.infer<typeof ArgsSchema>;

const FLAGS: Record<string, keyof Args> = {
  "--tenant": "tenant",
  "--url": "url",
  "--token": "token",
  "--secret": "secret",
  "--admin-token": "adminToken",
  "--agent": "agent",
  "--approver": "approvers",
  "--api-base": "apiBase",
};

function parseArgs(args: string[], env: ChannelSetupDeps["env"]): Args | string {
  const parsed = parseSetupArgs(
    args,
    FLAGS,
    ArgsSchema,
    {
      token: env.LINE_CHANNEL_ACCESS_TOKEN,
      secret: env.LINE_CHANNEL_SECRET,
      adminToken: env.CAIRN_ADMIN_TOKEN,
    },
    ["approvers"],
  );
  if (typeof parsed === "string") return parsed;
  const { action: verb, url, secret, adminToken } = parsed;
  if (verb === "connect" && (!url || !secret || !adminToken))
    return "connect needs --url, the channel secret (--secret or LINE_CHANNEL_SECRET) and an admin token (--admin-token or CAIRN_ADMIN_TOKEN)";
  return parsed;
}

/** One Messaging API call from the CLI; a non-2xx answer is an error naming LINE's message. */
async function lineCall(args: Args, deps: ChannelSetupDeps, method: string, path: string, body?: unknown) {
  const response = await deps.fetch(`${args.apiBase}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${args.token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json: unknown = await response.json().catch(() => ({}));
  if (!response.ok) {
    const message = (json as { message?: unknown }).message;
    throw new Error(
      `LINE answered ${method} ${path} with ${response.status}: ${typeof message === "string" ? message : "no message"}`,
    );
  }
  return json as Record<string, unknown>;
}

const BotInfoSchema = z.object({ userId: z.string(), displayName: z.string() }).loose();
const EndpointSchema = z.object({ endpoint: z.string(), active: z.boolean() }).loose();
const TestSchema = z
  .object({ success: z.boolean(), statusCode: z.number(), reason: z.string(), detail: z.string() })
  .loose();

export const lineWebhookUrl = (base: string, tenantId: string) =>
  `${base.replace(/\/+$/, "")}/webhooks/line/${tenantId}`;

async function connect(args: Args, deps: ChannelSetupDeps): Promise<number> {
  const bot = BotInfoSchema.parse(await lineCall(args, deps, "GET", "/v2/bot/info"));
  const base = args.url!.replace(/\/+$/, "");
  const stored = await deps.fetch(`${base}/api/channels/line`, {
    method: "PUT",
    headers: { authorization: `Bearer ${args.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({
      agentId: args.agent,
      channelSecret: args.secret,
      channelAccessToken: args.token,
      botUserId: bot.userId,
      ...(args.approvers.length ? { approvers: args.approvers } : {}),
      ...(args.apiBase !== LINE_API_BASE ? { apiBase: args.apiBase } : {}),
    }),
  });
  if (!stored.ok) {
    deps.err(`Cairn refused the channel (${stored.status}): ${await stored.text()}`);
    return 1;
  }
  const endpoint = lineWebhookUrl(base, args.tenant);
  await lineCall(args, deps, "PUT", "/v2/bot/channel/webhook/endpoint", { endpoint });
  deps.out(`connected ${bot.displayName} (${bot.userId}) to ${endpoint}`);
  deps.out("switch on 'Use webhook' in the LINE Developers console if it is off (info shows it)");
  return 0;
}

export async function runLineSetup(args: string[], deps: ChannelSetupDeps): Promise<number> {
  const parsed = parseArgs(args, deps.env);
  if (typeof parsed === "string") {
    deps.err(`${parsed}\n${LINE_SETUP_USAGE}`);
    return 2;
  }
  try {
    if (parsed.action === "connect") return await connect(parsed, deps);
    if (parsed.action === "info") {
      const info = EndpointSchema.parse(
        await lineCall(parsed, deps, "GET", "/v2/bot/channel/webhook/endpoint"),
      );
      deps.out(`webhook: ${info.endpoint || "(none)"}`);
      deps.out(`in use:  ${info.active ? "yes" : "no (switch on 'Use webhook' in the console)"}`);
      return 0;
    }
    const test = TestSchema.parse(await lineCall(parsed, deps, "POST", "/v2/bot/channel/webhook/test", {}));
    deps.out(
      `${test.success ? "delivered" : "failed"}: ${test.statusCode} ${test.reason} ${test.detail}`.trim(),
    );
    return test.success ? 0 : 1;
  } catch (error) {
    deps.err(error instanceof Error ? error.message : String(error));
    return 1;
  }
}
