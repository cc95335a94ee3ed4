/**
 * How a payload goes out on Slack: chat.postMessage / chat.update with the workspace's bot token,
 * or a button answer through its response_url (which needs no token). Slack's Web API limits are
 * per method per workspace, so a 429 makes the whole bot wait.
 */
import type { ChannelAdapter } from "../adapter";
import { payloadConversation } from "../message";
import { parseSlackConversationId } from "./normalize";
import { slackPaceRules } from "./pacing";
import { SLACK_API_BASE, SLACK_MESSAGE_LIMIT, SlackApiError, sendSlackPayload } from "./web-api";

export const slackRoute: ChannelAdapter["route"] = async (channel, payload, ports) => {
  const apiBase = channel.config.apiBase ?? SLACK_API_BASE;
  const conversation = payloadConversation(payload);
  if (!conversation) {
    const scope = `bot:${channel.id}:responses`;
    return {
      sender: { limit: SLACK_MESSAGE_LIMIT, send: (part) => sendSlackPayload({ apiBase, token: "" }, part) },
      scopes: [scope],
      limitedScope: scope,
      pace: [],
    };
  }
  const { teamId } = parseSlackConversationId(conversation);
  const installation = await ports.installation(teamId);
  if (!installation) throw new SlackApiError(`no Slack installation for workspace ${teamId}`, 410, undefined);
  const token = await ports.openSecret(installation.tokenSealed);
  const bot = `bot:${channel.id}:${teamId}`;
  return {
    sender: { limit: SLACK_MESSAGE_LIMIT, send: (part) => sendSlackPayload({ apiBase, token }, part) },
    scopes: [bot, `chat:${channel.id}:${conversation}`],
    limitedScope: bot,
    pace: slackPaceRules(channel.id, teamId, payload, channel.config.pacing),
  };
};
