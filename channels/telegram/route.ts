/**
 * How a payload goes out on Telegram: through the Bot API with the channel's token. Telegram's
 * flood control is per chat, so a 429 pauses that chat only; every send also counts against the bot.
 */
import type { ChannelAdapter } from "../adapter";
import { payloadConversation } from "../message";
import { sendTelegramPayload, TELEGRAM_MESSAGE_LIMIT } from "./bot-api";
import { telegramPaceRules } from "./pacing";

export const telegramRoute: ChannelAdapter["route"] = async (channel, payload, ports) => {
  const token = await ports.openSecret(channel.credentialsSealed);
  const conversation = payloadConversation(payload);
  const bot = `bot:${channel.id}`;
  const chat = conversation ? `chat:${channel.id}:${conversation}` : bot;
  return {
    sender: {
      limit: TELEGRAM_MESSAGE_LIMIT,
      send: (part) => sendTelegramPayload({ apiBase: channel.config.apiBase, token }, part),
    },
    scopes: conversation ? [bot, chat] : [bot],
    limitedScope: chat,
    pace: telegramPaceRules(channel.id, payload, channel.config.pacing),
  };
};
