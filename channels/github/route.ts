/** How a payload goes out on GitHub: a comment with the channel's token; a rate limit pauses the account. */
import type { ChannelAdapter } from "../adapter";
import { githubCredentials } from "./credentials";
import { githubPaceRules } from "./pacing";
import { GITHUB_API_BASE, GITHUB_COMMENT_LIMIT, sendGithubPayload } from "./rest-api";

export const githubRoute: ChannelAdapter["route"] = async (channel, payload, ports) => {
  const { token } = await githubCredentials(channel, ports);
  const target = { apiBase: channel.config.apiBase ?? GITHUB_API_BASE, token, now: () => ports.now() };
  const account = `account:${channel.id}`;
  return {
    sender: { limit: GITHUB_COMMENT_LIMIT, send: (part) => sendGithubPayload(target, part) },
    scopes: [account],
    limitedScope: account,
    pace: githubPaceRules(channel.id, payload, channel.config.pacing),
  };
};
