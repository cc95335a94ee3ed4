/**
 * Slack requests shaped as Slack's documentation shows them: the Events API envelope
 * (https://api.slack.com/apis/events-api#callback-field), message / app_mention / reaction_added
 * events, slash command forms and block_actions payloads.
 */
import { issueResponseUrl } from "./fake-slack";
export const TEAM = "T0001ACME";
export const BOT_USER = "U0BOTCAIRN";
export const APP_ID = "A0CAIRNAPP";
export const OWNER = "U0OWNER01";
export const STRANGER = "U0STRANGE1";
export const CHANNEL = "C0GENERAL1";
export const DM = "D0OWNERDM1";

export function envelope(eventId: string, event: Record<string, unknown>) {
  return {
    token: "XXYYZZ",
    team_id: TEAM,
    api_app_id: APP_ID,
    event,
    type: "event_callback",
    event_id: eventId,
    event_time: 1764000000,
    authorizations: [
      { enterprise_id: null, team_id: TEAM, user_id: BOT_USER, is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${eventId}`,
  };
}

export function appMention(ts: string, text: string, options: { user?: string; threadTs?: string } = {}) {
  return {
    type: "app_mention",
    user: options.user ?? OWNER,
    text: `<@${BOT_USER}> ${text}`,
    ts,
    channel: CHANNEL,
    event_ts: ts,
    ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
  };
}

export function channelMessage(ts: string, text: string, options: { user?: string; threadTs?: string } = {}) {
  return {
    type: "message",
    channel: CHANNEL,
    user: options.user ?? OWNER,
    text,
    ts,
    event_ts: ts,
    channel_type: "channel",
    ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
  };
}

export function directMessage(ts: string, text: string, user = OWNER) {
  return { type: "message", channel: DM, user, text, ts, event_ts: ts, channel_type: "im" };
}

export function botMessage(ts: string, text: string) {
  return {
    type: "message",
    subtype: "bot_message",
    channel: CHANNEL,
    bot_id: "B0CAIRN01",
    text,
    ts,
    channel_type: "channel",
  };
}

export function editedMessage(ts: string, text: string) {
  return {
    type: "message",
    subtype: "message_changed",
    hidden: true,
    channel: CHANNEL,
    ts: `${ts}1`,
    message: { type: "message", user: OWNER, text, ts, edited: { user: OWNER, ts: `${ts}1` } },
    channel_type: "channel",
  };
}

export function reactionAdded(
  ts: string,
  itemTs: string,
  options: { user?: string; reaction?: string } = {},
) {
  return {
    type: "reaction_added",
    user: options.user ?? OWNER,
    reaction: options.reaction ?? "thumbsup",
    item_user: BOT_USER,
    item: { type: "message", channel: CHANNEL, ts: itemTs },
    event_ts: ts,
  };
}

export function slashCommand(text: string, triggerId: string, user = OWNER, channel = CHANNEL) {
  return new URLSearchParams({
    token: "gIkuvaNzQIHg97ATvDxqgjtO",
    team_id: TEAM,
    team_domain: "acme",
    channel_id: channel,
    channel_name: "general",
    user_id: user,
    user_name: "ada",
    command: "/cairn",
    text,
    api_app_id: APP_ID,
    is_enterprise_install: "false",
    response_url: issueResponseUrl(
      `https://hooks.slack.com/commands/${TEAM}/${triggerId.replace(/\D/g, "")}/abcdefABCDEF`,
    ),
    trigger_id: triggerId,
  }).toString();
}

export function blockActions(options: {
  value: string;
  messageTs: string;
  threadTs?: string;
  user?: string;
  actionTs: string;
}) {
  const payload = {
    type: "block_actions",
    user: { id: options.user ?? OWNER, username: "ada", name: "ada", team_id: TEAM },
    api_app_id: APP_ID,
    token: "9s8d9as89d8as9d8as989",
    container: { type: "message", message_ts: options.messageTs, channel_id: CHANNEL, is_ephemeral: false },
    trigger_id: "12466734323.1395872398.6b2d1f2c1f2e1d1c",
    team: { id: TEAM, domain: "acme" },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: CHANNEL, name: "general" },
    message: {
      type: "message",
      user: BOT_USER,
      ts: options.messageTs,
      bot_id: "B0CAIRN01",
      text: "Approval needed",
      ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
    },
    state: { values: {} },
    response_url: issueResponseUrl(
      `https://hooks.slack.com/actions/${TEAM}/6789/${options.actionTs.replace(".", "")}`,
    ),
    actions: [
      {
        action_id: "cairn_0_0",
        block_id: "cairn_actions_0",
        text: { type: "plain_text", text: "Approve", emoji: true },
        value: options.value,
        style: "primary",
        type: "button",
        action_ts: options.actionTs,
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
