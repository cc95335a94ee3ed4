/**
 * PUT /api/channels/generic: connect the generic signed webhook. One shared secret signs both
 * directions; it is sealed for the tenant (Cairn needs it back to compute signatures), and only
 * its SHA-256 sits beside the row. Reconnecting keeps the approvers already set unless the
 * request names new ones.
 */
import { z } from "zod";
import type { ChannelConnector } from "../adapter";
import { SenderIdSchema } from "../sender-id";

/** A callback must be HTTPS: it carries the conversation's text and a signature of it. */
const CallbackUrl = z
  .url({ protocol: /^https$/, error: "an https:// URL" })
  .max(2000)
  .refine((url) => !new URL(url).username && !new URL(url).password, "no user or password in the URL");

/** Settings only the generic webhook has (accepted by PATCH /api/channels/:id). */
export const WebhookSettingsSchema = z.object({
  /** Where Cairn POSTs its messages, signed like the requests it receives. */
  callbackUrl: CallbackUrl,
  /** The id the sender uses for Cairn in `mentions` (a group message naming it addresses the bot). */
  botId: z.string().min(1).max(200).default("cairn"),
});

/** PATCH /api/channels/:id: either setting alone, with no default filled in for the other. */
export const WebhookSettingsPatchSchema = z.object({
  callbackUrl: CallbackUrl.optional(),
  botId: z.string().min(1).max(200).optional(),
});

const WebhookBody = z
  .object({
    agentId: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/),
    signingSecret: z
      .string()
      .regex(/^[\x21-\x7e]{32,256}$/, "32–256 printable ASCII characters without spaces"),
    callbackUrl: CallbackUrl,
    botId: z.string().min(1).max(200).optional(),
    approvers: z.array(SenderIdSchema).max(100).optional(),
  })
  .strict();

export const webhookConnector: ChannelConnector<z.infer<typeof WebhookBody>> = {
  body: WebhookBody,
  async connect(body, existing, { origin, ports }) {
    const previous = existing?.config;
    const { agentId, signingSecret, callbackUrl, botId, approvers } = body;
    return {
      agentId,
      webhookSecret: signingSecret,
      credentials: signingSecret,
      config: {
        ...(previous ?? {}),
        apiBase: new URL(callbackUrl).origin,
        callbackUrl,
        botId: botId ?? previous?.botId ?? "cairn",
        approvers: approvers ?? previous?.approvers ?? [],
      },
      answer: {
        webhookUrl: `${origin}/webhooks/generic/${ports.tenantId}`,
        signature: {
          timestampHeader: "X-Cairn-Timestamp",
          signatureHeader: "X-Cairn-Signature",
          format: 'v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>',
          windowSeconds: 300,
        },
      },
    };
  },
};
