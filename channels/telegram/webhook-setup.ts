/**
 * Telegram's webhook, managed from the CLI (`npm run cairn -- channels telegram …`):
 * connect generates a webhook secret, stores the bot (token sealed, secret hashed) through the
 *   admin API (PUT /api/channels/telegram), then calls setWebhook with that secret_token, so the
 *   first update Telegram delivers already authenticates. Reads getMe for the bot's @username.
 * disconnect: deleteWebhook. info: getWebhookInfo.
 *
 * The bot token comes from --token or TELEGRAM_BOT_TOKEN; the admin token from --admin-token or
 * CAIRN_ADMIN_TOKEN. Secrets are never printed.
 */
import { z } from "zod";
import { TenantIdSchema } from "../../kernel/tenant-id";
import type { ChannelSetupDeps } from "../adapter";
import { parseSetupArgs } from "../setup-args";
import { callBotApi } from "./bot-api";
import { UPDATE_KINDS } from "./update";

export const TELEGRAM_SETUP_USAGE = [
  "usage: npm run cairn -- channels telegram <connect|disconnect|info> --tenant <id> --url <public Cairn URL>",
  "         [--token <bot token> | TELEGRAM_BOT_TOKEN] [--admin-token <token> | CAIRN_ADMIN_TOKEN]",
  "         [--agent <agent id, default operations>] [--api-base <Bot API base, default https://api.telegram.org>]",
].join("\n");

/** The update kinds Cairn parses; anything else Telegram would send is not asked for. */
export const ALLOWED_UPDATES = [...UPDATE_KINDS];

const ArgsSchema = z.object({
  action: z.enum(["connect", "disconnect", "info"]),
  tenant: TenantIdSchema,
  url: z.url().optional(),
  token: z.string().regex(/^\d{3,20}:[A-Za-z0-9_-]{8,}$/, "a bot token like 123456:ABC…"),
  adminToken: z.string().min(1).optional(),
  agent: z.string().default("operations"),
  apiBase: z.url().default("https://api.telegram.org"),
});
type Args = z.infer<typeof ArgsSchema>;

const FLAGS: Record<string, keyof Args> = {
  "--tenant": "tenant",
  "--url": "url",
  "--token": "token",
  "--admin-token": "adminToken",
  "--agent": "agent",
  "--api-base": "apiBase",
};

function parseArgs(args: string[], env: ChannelSetupDeps["env"]): Args | string {
  const parsed = parseSetupArgs(args, FLAGS, ArgsSchema, {
    token: env.TELEGRAM_BOT_TOKEN,
    adminToken: env.CAIRN_ADMIN_TOKEN,
  });
  if (typeof parsed === "string") return parsed;
  if (parsed.action === "connect" && (!parsed.url || !parsed.adminToken)) {
    return "connect needs --url and an admin token (--admin-token or CAIRN_ADMIN_TOKEN)";
  }
  return parsed;
}

const WebhookInfoSchema = z
  .object({
    url: z.string(),
    pending_update_count: z.number(),
    last_error_date: z.number().optional(),
    last_error_message: z.string().optional(),
    allowed_updates: z.array(z.string()).optional(),
  })
  .loose();
/** Where Cairn expects Telegram to deliver a tenant's updates. */
export const telegramWebhookUrl = (base: string, tenantId: string) =>
  `${base.replace(/\/+$/, "")}/webhooks/telegram/${tenantId}`;

/** The bot's webhook as Telegram has it (getWebhookInfo): its URL, backlog and last error. */
export async function readWebhookInfo(bot: { apiBase: string; token: string; fetch: typeof fetch }) {
  return WebhookInfoSchema.parse(await callBotApi(bot, "getWebhookInfo", {}));
}

const MeSchema = z.object({ id: z.number(), username: z.string() }).loose();

async function connect(args: Args, deps: ChannelSetupDeps): Promise<number> {
  const bot = { apiBase: args.apiBase, token: args.token, fetch: deps.fetch };
  const me = MeSchema.parse(await callBotApi(bot, "getMe", {}));
  const secret = deps.secret();
  const base = args.url!.replace(/\/+$/, "");
  const stored = await deps.fetch(`${base}/api/channels/telegram`, {
    method: "PUT",
    headers: { authorization: `Bearer ${args.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({
      agentId: args.agent,
      botToken: args.token,
      webhookSecret: secret,
      botUsername: me.username,
      ...(args.apiBase !== "https://api.telegram.org" ? { apiBase: args.apiBase } : {}),
    }),
  });
  if (!stored.ok) {
    deps.err(`Cairn refused the channel (${stored.status}): ${await stored.text()}`);
    return 1;
  }
  const webhookUrl = telegramWebhookUrl(base, args.tenant);
  await callBotApi(bot, "setWebhook", {
    url: webhookUrl,
    secret_token: secret,
    allowed_updates: ALLOWED_UPDATES,
  });
  deps.out(`connected @${me.username} to ${webhookUrl} (updates: ${ALLOWED_UPDATES.join(", ")})`);
  return 0;
}

async function info(args: Args, deps: ChannelSetupDeps): Promise<number> {
  const webhook = await readWebhookInfo({ apiBase: args.apiBase, token: args.token, fetch: deps.fetch });
  deps.out(`webhook:  ${webhook.url || "(none)"}`);
  deps.out(`pending:  ${webhook.pending_update_count}`);
  if (webhook.allowed_updates) deps.out(`updates:  ${webhook.allowed_updates.join(", ")}`);
  if (webhook.last_error_message) {
    const at = webhook.last_error_date
      ? new Date(webhook.last_error_date * 1000).toISOString()
      : "unknown time";
    deps.out(`last error: ${webhook.last_error_message} (${at})`);
  }
  return 0;
}

export async function runTelegramSetup(args: string[], deps: ChannelSetupDeps): Promise<number> {
  const parsed = parseArgs(args, deps.env);
  if (typeof parsed === "string") {
    deps.err(`${parsed}\n${TELEGRAM_SETUP_USAGE}`);
    return 2;
  }
  try {
    if (parsed.action === "connect") return await connect(parsed, deps);
    if (parsed.action === "info") return await info(parsed, deps);
    await callBotApi({ apiBase: parsed.apiBase, token: parsed.token, fetch: deps.fetch }, "deleteWebhook", {
      drop_pending_updates: false,
    });
    deps.out(`disconnected the webhook of tenant ${parsed.tenant}'s bot`);
    return 0;
  } catch (error) {
    deps.err(error instanceof Error ? error.message : String(error));
    return 1;
  }
}
