/**
 * Slack threading as keys: a message is remembered by channel and ts; a reply carries its root's
 * ts as thread_ts. A root message has no thread_ts, and Slack repeats ts as thread_ts on the root
 * itself, so only a thread_ts different from ts continues anything.
 */
import type { PlatformSource } from "../../kernel/context/threads";

export interface SlackPosition {
  channelId: string;
  ts: string;
  threadTs?: string;
}

export function slackThreadKeys({ channelId, ts, threadTs }: SlackPosition): PlatformSource {
  return {
    own: `slack:${channelId}:${ts}`,
    continues: threadTs && threadTs !== ts ? [`slack:${channelId}:${threadTs}`] : [],
  };
}
