/**
 * PUT /api/channels/line: connect a LINE Official Account's Messaging API channel. The channel
 * secret (which signs LINE's webhooks) and the channel access token are sealed together; only the
 * secret's SHA-256 sits beside them. Reconnecting keeps the approvers already set unless the
 * request names new ones.
 */
import { z } from "zod";
import type { ChannelConnector } from "../adapter";
import { SenderIdSchema } from "../sender-id";
import { LINE_API_BASE } from "./messaging-api";

const BotUserId = z.string().regex(/^U[0-9a-f]{32}$/, "the bot's user id, U and 32 hex digits");

/** Settings only LINE channels have (accepted by PATCH /api/channels/:id). */
export const LineSettingsSchema = z.object({
  /** The bot's own user id (GET /v2/bot/info `userId`), for recognising mentions of it in groups. */
  botUserId: BotUserId.optional(),
});

const LineBody = z
  .object({
    agentId: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/),
    channelSecret: z.string().regex(/^[0-9a-f]{32}$/, "the channel secret: 32 hex digits"),
    channelAccessToken: z
      .string()
      .regex(/^[A-Za-z0-9+/=._-]{20,2000}$/, "a channel access token (from the console or the token API)"),
    botUserId: BotUserId.optional(),
    apiBase: z.url().optional(),
    approvers: z.array(SenderIdSchema).max(100).optional(),
  })
  .strict();

export const lineConnector: ChannelConnector<z.infer<typeof LineBody>> = {
  body: LineBody,
  async connect(body, existing, { origin, ports }) {
    const previous = existing?.config;
    const { agentId, channelSecret, channelAccessToken, botUserId, apiBase, approvers } = body;
    return {
      agentId,
      webhookSecret: channelSecret,
      credentials: JSON.stringify({ channelSecret, channelAccessToken }),
      config: {
        ...(previous ?? {}),
        apiBase: apiBase ?? previous?.apiBase ?? LINE_API_BASE,
        approvers: approvers ?? previous?.approvers ?? [],
        ...(botUserId ? { botUserId } : {}),
      },
      answer: { webhookUrl: `${origin}/webhooks/line/${ports.tenantId}` },
    };
  },
};
