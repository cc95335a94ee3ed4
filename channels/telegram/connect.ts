/**
 * PUT /api/channels/telegram: connect a bot. The token is sealed, the webhook secret hashed;
 * reconnecting keeps the approvers and policies already set unless the request names new ones.
 */
import { z } from "zod";
import type { ChannelConnector } from "../adapter";
import { SenderIdSchema } from "../sender-id";

export const TELEGRAM_API_BASE = "https://api.telegram.org";

const BotUsername = z.string().regex(/^[A-Za-z0-9_]{3,64}$/);

/** Settings only Telegram channels have (accepted by PATCH /api/channels/:id). */
export const TelegramSettingsSchema = z.object({
  /** The bot's @username (without @), for recognising mentions in groups. */
  botUsername: BotUsername.optional(),
});

const TelegramBody = z
  .object({
    agentId: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/),
    botToken: z.string().regex(/^\d{3,20}:[A-Za-z0-9_-]{8,}$/, "a bot token like 123456:ABC…"),
    webhookSecret: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, "1–256 characters of A-Z a-z 0-9 _ -, at least 16"),
    apiBase: z.url().optional(),
    botUsername: BotUsername.optional(),
    approvers: z.array(SenderIdSchema).max(100).optional(),
  })
  .strict();

export const telegramConnector: ChannelConnector<z.infer<typeof TelegramBody>> = {
  body: TelegramBody,
  async connect(body, existing, { origin, ports }) {
    const previous = existing?.config;
    const { agentId, botToken, webhookSecret, apiBase, botUsername, approvers } = body;
    return {
      agentId,
      webhookSecret,
      credentials: botToken,
      config: {
        ...(previous ?? {}),
        apiBase: apiBase ?? previous?.apiBase ?? TELEGRAM_API_BASE,
        approvers: approvers ?? previous?.approvers ?? [],
        ...(botUsername ? { botUsername } : {}),
      },
      answer: { webhookUrl: `${origin}/webhooks/telegram/${ports.tenantId}` },
    };
  },
};
