/**
 * The generic webhook from the CLI (`npm run cairn -- channels generic connect …`): stores the
 * channel through the admin API (PUT /api/channels/generic) and prints the URL to send events to.
 * The signing secret comes from --secret or CAIRN_WEBHOOK_SECRET; without either, a new one is
 * generated and printed once, since the sending side must be given it (Cairn keeps it sealed).
 */
import { z } from "zod";
import { TenantIdSchema } from "../../kernel/tenant-id";
import type { ChannelSetupDeps } from "../adapter";
import { parseSetupArgs } from "../setup-args";

export const WEBHOOK_SETUP_USAGE = [
  "usage: npm run cairn -- channels generic connect --tenant <id> --url <public Cairn URL> --callback-url <https URL>",
  "         [--secret <32+ characters> | CAIRN_WEBHOOK_SECRET] [--admin-token <token> | CAIRN_ADMIN_TOKEN]",
  "         [--agent <agent id, default operations>] [--approver <sender id>]… [--bot-id <id, default cairn>]",
  "  Events are POSTed to <url>/webhooks/generic/<tenant>, signed as docs/channels/webhook.md describes;",
  "  Cairn's messages go to --callback-url, signed the same way with the same secret.",
].join("\n");

const ArgsSchema = z.object({
  action: z.literal("connect", { error: "the action is connect" }),
  tenant: TenantIdSchema,
  url: z.url(),
  callbackUrl: z.url({ protocol: /^https$/, error: "an https:// URL" }),
  secret: z
    .string()
    .regex(/^[\x21-\x7e]{32,256}$/, "32–256 printable ASCII characters without spaces")
    .optional(),
  adminToken: z.string().min(1, "an admin token (--admin-token or CAIRN_ADMIN_TOKEN)"),
  agent: z.string().default("operations"),
  approvers: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "a sender id")).default([]),
  botId: z.string().min(1).max(200).optional(),
});
type Args = z.infer<typeof ArgsSchema>;

const FLAGS: Record<string, keyof Args> = {
  "--tenant": "tenant",
  "--url": "url",
  "--callback-url": "callbackUrl",
  "--secret": "secret",
  "--admin-token": "adminToken",
  "--agent": "agent",
  "--approver": "approvers",
  "--bot-id": "botId",
};

function parseArgs(args: string[], env: ChannelSetupDeps["env"]): Args | string {
  const parsed = parseSetupArgs(
    args,
    FLAGS,
    ArgsSchema,
    { secret: env.CAIRN_WEBHOOK_SECRET, adminToken: env.CAIRN_ADMIN_TOKEN },
    ["approvers"],
  );
  return parsed;
}

export async function runWebhookSetup(args: string[], deps: ChannelSetupDeps): Promise<number> {
  const parsed = parseArgs(args, deps.env);
  if (typeof parsed === "string") {
    deps.err(`${parsed}\n${WEBHOOK_SETUP_USAGE}`);
    return 2;
  }
  const generated = parsed.secret === undefined;
  const secret = parsed.secret ?? deps.secret();
  const base = parsed.url.replace(/\/+$/, "");
  try {
    const stored = await deps.fetch(`${base}/api/channels/generic`, {
      method: "PUT",
      headers: { authorization: `Bearer ${parsed.adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({
        agentId: parsed.agent,
        signingSecret: secret,
        callbackUrl: parsed.callbackUrl,
        ...(parsed.approvers.length ? { approvers: parsed.approvers } : {}),
        ...(parsed.botId ? { botId: parsed.botId } : {}),
      }),
    });
    if (!stored.ok) {
      deps.err(`Cairn refused the channel (${stored.status}): ${await stored.text()}`);
      return 1;
    }
  } catch (error) {
    deps.err(`could not reach Cairn at ${base}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  deps.out(`connected: send events to ${base}/webhooks/generic/${parsed.tenant}`);
  deps.out(`Cairn's messages go to ${parsed.callbackUrl}`);
  if (generated) deps.out(`signing secret (shown once, give it to the sending side): ${secret}`);
  return 0;
}
