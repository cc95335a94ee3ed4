/**
 * How a payload goes out on LINE: a push with the channel access token and a retry key derived
 * from the outbox part, or a reply to a press. LINE's rate limit is per channel, so a 429 pauses
 * every send of the channel.
 */
import type { ChannelAdapter } from "../adapter";
import { lineChannelSecrets } from "./credentials";
import { LINE_API_BASE, LINE_TEXT_LIMIT, sendLinePayload } from "./messaging-api";
import { linePaceRules } from "./pacing";

export const lineRoute: ChannelAdapter["route"] = async (channel, payload, ports) => {
  const { channelAccessToken } = await lineChannelSecrets(channel, ports);
  const target = { apiBase: channel.config.apiBase ?? LINE_API_BASE, token: channelAccessToken };
  const bot = `bot:${channel.id}`;
  return {
    sender: {
      limit: LINE_TEXT_LIMIT,
      send: (part, delivery) =>
        sendLinePayload(target, part, delivery?.idempotencyKey ?? crypto.randomUUID()),
    },
    scopes: [bot],
    limitedScope: bot,
    pace: linePaceRules(channel.id, payload, channel.config.pacing),
  };
};
