import { describe, expect, it } from "vitest";
import { paceSpacingMs } from "../../../channels/pacing";
import { ChannelConfigSchema, channelAdapter, defaultPacing } from "../../../channels/registry";
import { slackPaceRules } from "../../../channels/slack/pacing";
import { telegramPaceRules } from "../../../channels/telegram/pacing";

const DEFAULT_PACING = defaultPacing() as Record<"slack", Record<"updatesPerWorkspace", object>>;
const reactionDecision = (platform: string, name: string) => channelAdapter(platform)?.reactionDecision(name);

import { normalizeTelegramUpdate } from "../../../channels/telegram/normalize";
import { TelegramUpdateSchema } from "../../../channels/telegram/update";

const ref = { tenantId: "acme", channelId: "ch_acme" };
const telegram = (update: unknown) => normalizeTelegramUpdate(ref, TelegramUpdateSchema.parse(update), 1);
const user = { id: 42, is_bot: false, first_name: "Ada", username: "ada" };
const group = { id: -1001234567890, type: "supergroup", title: "Team" };

/** A `message_reaction` update as the Bot API documents MessageReactionUpdated. */
function reaction(fields: Record<string, unknown>) {
  return {
    update_id: 900,
    message_reaction: {
      chat: group,
      message_id: 77,
      user,
      date: 1764000100,
      old_reaction: [],
      new_reaction: [{ type: "emoji", emoji: "👍" }],
      ...fields,
    },
  };
}

describe("Telegram message_reaction → InboundMessage", () => {
  it("reads the reaction a user added, on which message, in which chat", () => {
    expect(
      telegram(
        reaction({
          old_reaction: [{ type: "emoji", emoji: "🔥" }],
          new_reaction: [
            { type: "emoji", emoji: "🔥" },
            { type: "emoji", emoji: "👎" },
          ],
        }),
      ),
    ).toEqual({
      ...ref,
      platform: "telegram",
      conversationId: String(group.id),
      sender: { id: "42", name: "Ada", isBot: false },
      text: "",
      dedupKey: "telegram:update:900",
      receivedAt: 1,
      chatType: "group",
      reaction: { name: "👎", targetMessageId: "77" },
    });
  });

  it("carries nothing for a removal, a custom emoji, or an anonymous administrator", () => {
    expect(
      telegram(reaction({ old_reaction: [{ type: "emoji", emoji: "👍" }], new_reaction: [] })),
    ).toBeNull();
    expect(
      telegram(
        reaction({ new_reaction: [{ type: "custom_emoji", custom_emoji_id: "5368324170671202286" }] }),
      ),
    ).toBeNull();
    expect(telegram(reaction({ user: undefined, actor_chat: group }))).toBeNull();
  });

  it("refuses an update that carries a reaction and a message at once", () => {
    const both = { ...reaction({}), message: { message_id: 1, chat: group, date: 1, text: "hi" } };
    expect(TelegramUpdateSchema.safeParse(both).success).toBe(false);
  });
});

describe("reactions that decide a proposal", () => {
  it("maps only unmistakable yes/no emoji, ignoring Slack skin tones", () => {
    expect(reactionDecision("slack", "white_check_mark")).toBe("approve");
    expect(reactionDecision("slack", "+1::skin-tone-4")).toBe("approve");
    expect(reactionDecision("slack", "x")).toBe("reject");
    expect(reactionDecision("slack", "-1")).toBe("reject");
    expect(reactionDecision("slack", "eyes")).toBeUndefined();
    expect(reactionDecision("telegram", "👍")).toBe("approve");
    expect(reactionDecision("telegram", "👎")).toBe("reject");
    expect(reactionDecision("telegram", "🔥")).toBeUndefined();
  });
});

describe("pacing rules", () => {
  const message = (conversationId: string) => ({ type: "message" as const, conversationId, text: "hi" });

  it("holds a Telegram group send to the chat, the group's minute and the bot", () => {
    expect(telegramPaceRules("ch_tg", message("-100123"))).toEqual([
      { scope: "chat:ch_tg:-100123", limit: 1, windowMs: 1_000 },
      { scope: "group:ch_tg:-100123", limit: 20, windowMs: 60_000 },
      { scope: "bot:ch_tg", limit: 30, windowMs: 1_000 },
    ]);
    // A private chat (positive id) has no group budget; a button answer is never held back.
    expect(telegramPaceRules("ch_tg", message("42")).map((r) => r.scope)).toEqual([
      "chat:ch_tg:42",
      "bot:ch_tg",
    ]);
    expect(telegramPaceRules("ch_tg", { type: "callback_answer", callbackId: "q", text: "ok" })).toEqual([]);
  });

  it("holds a Slack post to its channel and an edit to the workspace's chat.update tier", () => {
    expect(slackPaceRules("ch_sl", "T1", message("T1:C1"))).toEqual([
      { scope: "chat:ch_sl:T1:C1", limit: 1, windowMs: 1_000 },
    ]);
    expect(
      slackPaceRules("ch_sl", "T1", {
        type: "edit_message",
        conversationId: "T1:C1",
        platformMessageId: "1.2",
        text: "x",
      }),
    ).toEqual([{ scope: "bot:ch_sl:T1:chat.update", ...DEFAULT_PACING.slack.updatesPerWorkspace }]);
  });

  it("lets a channel override a default, switch a rule off, and add the workspace post cap", () => {
    const config = ChannelConfigSchema.parse({
      apiBase: "https://api.telegram.org",
      pacing: {
        telegram: { perChat: null, perGroup: { limit: 10, windowMs: 60_000 } },
        slack: { postsPerWorkspace: { limit: 100, windowMs: 60_000 } },
      },
    });
    expect(telegramPaceRules("ch_tg", message("-100123"), config.pacing)).toEqual([
      { scope: "group:ch_tg:-100123", limit: 10, windowMs: 60_000 },
      { scope: "bot:ch_tg", limit: 30, windowMs: 1_000 },
    ]);
    expect(slackPaceRules("ch_sl", "T1", message("T1:C1"), config.pacing).map((r) => r.scope)).toEqual([
      "chat:ch_sl:T1:C1",
      "bot:ch_sl:T1:chat.postMessage",
    ]);
    expect(paceSpacingMs(telegramPaceRules("ch_tg", message("-100123"), config.pacing))).toBe(6_000);
  });

  it("refuses unknown pacing keys and empty limits, naming them", () => {
    const parsed = ChannelConfigSchema.safeParse({
      apiBase: "https://api.telegram.org",
      pacing: { telegram: { perChannel: { limit: 1, windowMs: 1_000 } } },
    });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toMatch(/perChannel/);
    expect(
      ChannelConfigSchema.safeParse({
        apiBase: "https://api.telegram.org",
        pacing: { slack: { perChannel: { limit: 0, windowMs: 1_000 } } },
      }).success,
    ).toBe(false);
  });
});
