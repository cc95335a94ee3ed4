import { describe, expect, it } from "vitest";
import { parseCommand } from "../../../channels/commands";
import {
  normalizeBlockActions,
  normalizeSlackMessage,
  normalizeSlackReaction,
  normalizeSlashCommand,
  parseSlackConversationId,
} from "../../../channels/slack/normalize";
import {
  BlockActionsSchema,
  SlackMessageEventSchema,
  SlashCommandSchema,
} from "../../../channels/slack/payloads";
import { normalizeTelegramUpdate } from "../../../channels/telegram/normalize";
import { TelegramUpdateSchema } from "../../../channels/telegram/update";

const ref = { tenantId: "acme", channelId: "ch_acme" };
const telegram = (update: unknown) => normalizeTelegramUpdate(ref, TelegramUpdateSchema.parse(update), 1);
const from = { id: 42, is_bot: false, first_name: "Ada" };

describe("Telegram updates → InboundMessage", () => {
  it("reads mentions, commands with a target, replies and chat type in a supergroup", () => {
    const inbound = telegram({
      update_id: 10,
      message: {
        message_id: 5,
        from,
        chat: { id: -100200, type: "supergroup", title: "Team" },
        date: 1,
        text: "/tasks@Cairn_Bot open ones",
        entities: [{ offset: 0, length: 15, type: "bot_command" }],
        reply_to_message: {
          message_id: 4,
          from: { id: 99, is_bot: true, first_name: "Cairn" },
          chat: { id: -100200, type: "supergroup" },
          date: 1,
        },
      },
    });
    expect(inbound).toMatchObject({
      chatType: "group",
      command: { name: "tasks", target: "cairn_bot", args: "open ones" },
      replyToMessageId: "4",
      replyToSenderId: "99",
      dedupKey: "telegram:update:10",
    });
  });

  it("lower-cases @mentions and records text_mention users by id", () => {
    const inbound = telegram({
      update_id: 11,
      message: {
        message_id: 6,
        from,
        chat: { id: -100200, type: "group", title: "Team" },
        date: 1,
        text: "@Cairn_Bot and Bob",
        entities: [
          { offset: 0, length: 10, type: "mention" },
          { offset: 15, length: 3, type: "text_mention", user: { id: 77, is_bot: false, first_name: "Bob" } },
        ],
      },
    });
    expect(inbound?.mentions).toEqual(["@cairn_bot", "77"]);
    expect(inbound?.command).toBeUndefined();
  });

  it("keys a forum topic as the thread and does not treat the topic opener as a reply", () => {
    const inbound = telegram({
      update_id: 12,
      message: {
        message_id: 50,
        message_thread_id: 42,
        is_topic_message: true,
        from,
        chat: { id: -100300, type: "supergroup", is_forum: true },
        date: 1,
        text: "hello",
        reply_to_message: { message_id: 42, chat: { id: -100300, type: "supergroup" }, date: 1 },
      },
    });
    expect(inbound?.threadKey).toBe("42");
    expect(inbound?.replyToMessageId).toBeUndefined();
  });

  it("keeps attachment metadata (largest photo size, document name and type)", () => {
    const inbound = telegram({
      update_id: 13,
      message: {
        message_id: 7,
        from,
        chat: { id: 42, type: "private" },
        date: 1,
        caption: "invoice",
        photo: [
          { file_id: "small", file_unique_id: "s", width: 90, height: 90, file_size: 1000 },
          { file_id: "large", file_unique_id: "l", width: 800, height: 800, file_size: 90000 },
        ],
      },
    });
    expect(inbound?.text).toBe("invoice");
    expect(inbound?.attachments).toEqual([{ kind: "photo", platformFileId: "large", sizeBytes: 90000 }]);
  });

  it("keys an edit by its edit date and marks it edited; ignores membership changes", () => {
    const edited = telegram({
      update_id: 14,
      edited_message: {
        message_id: 7,
        from,
        chat: { id: 42, type: "private" },
        date: 1,
        edit_date: 5,
        text: "fixed",
      },
    });
    expect(edited).toMatchObject({ dedupKey: "telegram:42:7:edit:5", edited: true });
    const member = telegram({
      update_id: 15,
      my_chat_member: {
        chat: { id: -100200, type: "supergroup", title: "Team" },
        from,
        date: 1,
        old_chat_member: { status: "left", user: from },
        new_chat_member: { status: "member", user: from },
      },
    });
    expect(member).toBeNull();
  });

  it("parses commands and refuses what only looks like one", () => {
    expect(parseCommand("/approve prop_1")).toEqual({ name: "approve", args: "prop_1" });
    expect(parseCommand("/START")).toEqual({ name: "start", args: "" });
    expect(parseCommand("/what's up")).toBeUndefined();
    expect(parseCommand("hello /help")).toBeUndefined();
  });
});

const slackEvent = (event: Record<string, unknown>) => SlackMessageEventSchema.parse(event);

describe("Slack events → InboundMessage", () => {
  it("keys a channel mention by workspace, channel and ts, threaded on its own ts", () => {
    const inbound = normalizeSlackMessage(
      ref,
      "T1",
      slackEvent({
        type: "app_mention",
        user: "U1",
        text: "<@U0BOT> hi <@U2|bob>",
        ts: "1.1",
        channel: "C1",
        event_ts: "1.1",
      }),
      1,
    );
    expect(inbound).toMatchObject({
      conversationId: "T1:C1",
      threadKey: "1.1",
      text: "hi",
      dedupKey: "slack:msg:T1:C1:1.1",
      chatType: "group",
    });
    expect(inbound?.mentions).toEqual(["U0BOT", "U2", "@app"]);
    expect(parseSlackConversationId(inbound!.conversationId)).toEqual({ teamId: "T1", channel: "C1" });
  });

  it("threads a reply on thread_ts and a DM on nothing unless the user opened a thread", () => {
    const reply = normalizeSlackMessage(
      ref,
      "T1",
      slackEvent({ type: "message", user: "U1", text: "x", ts: "2.2", thread_ts: "1.1", channel: "C1" }),
      1,
    );
    expect(reply).toMatchObject({ threadKey: "1.1", replyToMessageId: "1.1" });
    const dm = normalizeSlackMessage(
      ref,
      "T1",
      slackEvent({ type: "message", user: "U1", text: "x", ts: "3.3", channel: "D1", channel_type: "im" }),
      1,
    );
    expect(dm?.threadKey).toBeUndefined();
    expect(dm?.chatType).toBe("private");
  });

  it("ignores bots, Cairn's own posts and edits, but keeps file shares", () => {
    const base = { type: "message", text: "x", ts: "4.4", channel: "C1" };
    expect(
      normalizeSlackMessage(ref, "T1", slackEvent({ ...base, bot_id: "B1", user: "U0BOT" }), 1),
    ).toBeNull();
    expect(
      normalizeSlackMessage(ref, "T1", slackEvent({ ...base, subtype: "message_changed" }), 1),
    ).toBeNull();
    expect(
      normalizeSlackMessage(ref, "T1", slackEvent({ ...base, subtype: "channel_join", user: "U1" }), 1),
    ).toBeNull();
    const file = normalizeSlackMessage(
      ref,
      "T1",
      slackEvent({
        ...base,
        user: "U1",
        subtype: "file_share",
        files: [{ id: "F1", name: "q3.pdf", mimetype: "application/pdf", size: 10 }],
      }),
      1,
    );
    expect(file?.attachments).toEqual([
      { kind: "file", platformFileId: "F1", name: "q3.pdf", mimeType: "application/pdf", sizeBytes: 10 },
    ]);
  });

  it("records a reaction keyed by event id, never as text", () => {
    const inbound = normalizeSlackReaction(
      ref,
      "T1",
      "Ev9",
      {
        type: "reaction_added",
        user: "U1",
        reaction: "thumbsup",
        item: { type: "message", channel: "C1", ts: "1.1" },
        event_ts: "5.5",
      },
      1,
    );
    expect(inbound).toMatchObject({
      dedupKey: "slack:event:T1:Ev9",
      text: "",
      reaction: { name: "thumbsup", targetMessageId: "1.1" },
    });
  });

  it("turns `/cairn tasks` into the tasks command and free text into a message", () => {
    const command = (text: string) =>
      normalizeSlashCommand(
        ref,
        SlashCommandSchema.parse({
          team_id: "T1",
          channel_id: "C1",
          user_id: "U1",
          user_name: "ada",
          command: "/cairn",
          text,
          response_url: "https://hooks.slack.com/commands/T1/1/x",
          trigger_id: "t.1",
        }),
        1,
      );
    expect(command("tasks").command).toEqual({ name: "tasks", args: "" });
    expect(command("approve prop_1").command).toEqual({ name: "approve", args: "prop_1" });
    expect(command("").command).toEqual({ name: "help", args: "" });
    const free = command("what's overdue?");
    expect(free).toMatchObject({ text: "what's overdue?", dedupKey: "slack:command:T1:t.1" });
    expect(free).not.toHaveProperty("command");
  });

  it("carries a button's value as callback data and its response_url as the answer handle", () => {
    const payload = BlockActionsSchema.parse({
      type: "block_actions",
      team: { id: "T1" },
      user: { id: "U1", name: "ada" },
      channel: { id: "C1" },
      message: { ts: "9.9", thread_ts: "1.1" },
      response_url: "https://hooks.slack.com/actions/T1/1/x",
      actions: [{ action_id: "cairn_0_0", value: "p:prop_1:a", action_ts: "9.95" }],
    });
    expect(normalizeBlockActions(ref, payload, 1)).toMatchObject({
      threadKey: "1.1",
      callback: { id: "https://hooks.slack.com/actions/T1/1/x", data: "p:prop_1:a" },
      dedupKey: "slack:action:T1:C1:9.9:9.95",
    });
  });
});
