import { describe, expect, it } from "vitest";
import { emailThreadKeys } from "../../../channels/email/thread-keys";
import { slackThreadKeys } from "../../../channels/slack/thread-keys";
import { telegramThreadKeys } from "../../../channels/telegram/thread-keys";
import { createEntityMatcher } from "../../../kernel/context/entity-mentions";
import { continuedPlatformKeys, platformKeysToRegister } from "../../../kernel/context/platform-keys";
import { INTERNAL_SOURCE } from "../../../kernel/context/threads";

describe("platform keys", () => {
  it("treats a Slack root (thread_ts equal to its own ts) as starting, not continuing, a thread", () => {
    expect(continuedPlatformKeys(slackThreadKeys({ channelId: "C1", ts: "1.0", threadTs: "1.0" }))).toEqual(
      [],
    );
    expect(continuedPlatformKeys(slackThreadKeys({ channelId: "C1", ts: "2.0", threadTs: "1.0" }))).toEqual([
      "slack:C1:1.0",
    ]);
  });

  it("registers a Telegram message under its own key and, the first time, its forum topic", () => {
    expect(platformKeysToRegister(telegramThreadKeys({ chatId: "-5", messageId: 9, topicId: 3 }))).toEqual([
      "telegram:-5:msg:9",
      "telegram:-5:topic:3",
    ]);
  });

  it("matches email replies whatever the brackets and case of the Message-ID", () => {
    const [own] = platformKeysToRegister(emailThreadKeys({ messageId: "<AbC@Mail.Example>" }));
    expect(
      continuedPlatformKeys(emailThreadKeys({ messageId: "x@y", inReplyTo: "abc@mail.example" })),
    ).toEqual([own]);
  });

  it("gives internal items (findings, tasks) no platform key", () => {
    expect(platformKeysToRegister(INTERNAL_SOURCE)).toEqual([]);
  });
});

describe("entity mentions", () => {
  const matcher = createEntityMatcher([
    { entityId: "c-acme", kind: "client", name: "Acme Corp", aliases: ["Acme"] },
    { entityId: "p-rebrand", kind: "project", name: "Acme Rebrand", aliases: [] },
  ]);

  it("lets the longer name claim its words so the shorter alias is not also counted", () => {
    expect(matcher.find("The Acme Rebrand is late")).toEqual([
      { entityId: "p-rebrand", kind: "project", matched: "Acme Rebrand", count: 1 },
    ]);
  });

  it("counts repeated mentions across aliases and ignores punctuation and case", () => {
    expect(matcher.find("ACME, Corp. said acme would pay; Acme Rebrand later")).toEqual([
      { entityId: "p-rebrand", kind: "project", matched: "Acme Rebrand", count: 1 },
      { entityId: "c-acme", kind: "client", matched: "Acme Corp", count: 2 },
    ]);
  });
});
