import { describe, expect, it } from "vitest";
import { emailThreadKeys } from "../../../channels/email/thread-keys";
import { slackThreadKeys } from "../../../channels/slack/thread-keys";
import { telegramThreadKeys } from "../../../channels/telegram/thread-keys";
import { resolveThread } from "../../../kernel/context/resolve-thread";
import type { InboundItem, ResolutionLookups, ThreadRecord } from "../../../kernel/context/threads";
import { INTERNAL_SOURCE } from "../../../kernel/context/threads";

const thread = (threadId: string, extra: Partial<ThreadRecord> = {}): ThreadRecord => ({
  threadId,
  tenantId: "t1",
  kind: "client",
  title: threadId,
  linkedThreadIds: [],
  status: "open",
  ...extra,
});

const lookups: ResolutionLookups = {
  threads: [
    thread("th-acme"),
    thread("th-inv-1042", { kind: "invoice", parentThreadId: "th-acme" }),
    thread("th-bluebird"),
    thread("th-old", { status: "merged", mergedInto: "th-bluebird" }),
  ],
  platformKeys: [
    { key: "slack:C1:1700000000.000100", threadId: "th-inv-1042" },
    { key: "telegram:-100:msg:55", threadId: "th-bluebird" },
    { key: "telegram:-100:topic:7", threadId: "th-acme" },
    { key: "slack:C1:1700000000.000900", threadId: "th-old" },
  ],
  references: [
    { reference: "INV-1042", threadId: "th-inv-1042" },
    { reference: "TASK-77", threadId: "th-bluebird" },
  ],
  participants: [
    { participant: "Ana@Acme.example", entityId: "c-acme" },
    { participant: "tom@bluebird.example", entityId: "c-bluebird" },
    { participant: "shared@accountants.example", entityId: "c-acme" },
    { participant: "shared@accountants.example", entityId: "c-bluebird" },
  ],
  entities: [
    { entityId: "c-acme", kind: "client", name: "Acme Corp", aliases: ["Acme"], threadId: "th-acme" },
    {
      entityId: "c-bluebird",
      kind: "client",
      name: "Bluebird Bakery",
      aliases: ["Bluebird"],
      threadId: "th-bluebird",
    },
    { entityId: "p-rebrand", kind: "project", name: "Acme Rebrand", aliases: [] },
  ],
};

const item = (overrides: Partial<InboundItem>): InboundItem => ({
  kind: "message",
  id: "m1",
  tenantId: "t1",
  text: "hello",
  source: INTERNAL_SOURCE,
  participants: [],
  ...overrides,
});

describe("resolveThread", () => {
  it("attaches by explicit reference before any other rule, whatever its spelling", () => {
    const result = resolveThread(
      item({
        text: "Bluebird says inv 1042 is paid",
        participants: ["tom@bluebird.example"],
        source: slackThreadKeys({ channelId: "C1", ts: "1700000001.000000", threadTs: "1700000000.000900" }),
      }),
      lookups,
    );
    expect(result).toMatchObject({ action: "attach", threadId: "th-inv-1042", rule: "explicit_reference" });
  });

  it("uses references the producer attached (a task carries its id)", () => {
    const result = resolveThread(item({ kind: "task", text: "follow up", references: ["task-77"] }), lookups);
    expect(result).toMatchObject({ action: "attach", threadId: "th-bluebird", rule: "explicit_reference" });
  });

  it("follows a Slack thread_ts to the thread of its root message", () => {
    const result = resolveThread(
      item({
        text: "amount changed to $4,300",
        participants: ["tom@bluebird.example"],
        source: slackThreadKeys({ channelId: "C1", ts: "1700000002.000000", threadTs: "1700000000.000100" }),
      }),
      lookups,
    );
    expect(result).toMatchObject({ threadId: "th-inv-1042", rule: "platform_thread" });
    expect(result.keysToRegister).toEqual(["slack:C1:1700000002.000000"]);
  });

  it("follows a Telegram reply chain before the forum topic it is posted in", () => {
    const reply = resolveThread(
      item({
        source: telegramThreadKeys({ chatId: "-100", messageId: 60, replyToMessageId: 55, topicId: 7 }),
      }),
      lookups,
    );
    expect(reply).toMatchObject({ threadId: "th-bluebird", rule: "platform_thread" });
    const inTopic = resolveThread(
      item({ source: telegramThreadKeys({ chatId: "-100", messageId: 61, topicId: 7 }) }),
      lookups,
    );
    expect(inTopic).toMatchObject({ threadId: "th-acme", rule: "platform_thread" });
  });

  it("forwards to the surviving thread when the matched thread was merged", () => {
    const result = resolveThread(
      item({
        source: slackThreadKeys({ channelId: "C1", ts: "1700000003.0", threadTs: "1700000000.000900" }),
      }),
      lookups,
    );
    expect(result).toMatchObject({ action: "attach", threadId: "th-bluebird", rule: "platform_thread" });
  });

  it("attaches by a known participant when nothing more specific is there", () => {
    const result = resolveThread(item({ text: "see attached", participants: ["ana@acme.example"] }), lookups);
    expect(result).toMatchObject({ threadId: "th-acme", rule: "participant" });
  });

  it("lets the mention decide between entities a shared participant belongs to", () => {
    const result = resolveThread(
      item({ text: "About Bluebird's books", participants: ["shared@accountants.example"] }),
      lookups,
    );
    expect(result).toMatchObject({ threadId: "th-bluebird", rule: "participant" });
    const ambiguous = resolveThread(
      item({ text: "quarterly numbers", participants: ["shared@accountants.example"] }),
      lookups,
    );
    expect(ambiguous).toMatchObject({ action: "open", rule: "new_conversation" });
  });

  it("attaches by entity mention, preferring the more specific entity", () => {
    expect(resolveThread(item({ text: "Has acme corp replied?" }), lookups)).toMatchObject({
      threadId: "th-acme",
      rule: "entity_mention",
    });
    // "Acme Rebrand" is a project with no thread yet: open one for it rather than pile it on the client.
    expect(resolveThread(item({ text: "The Acme Rebrand moodboard is ready" }), lookups)).toMatchObject({
      action: "open",
      rule: "entity_mention",
      thread: { kind: "project", entityId: "p-rebrand", title: "Acme Rebrand" },
    });
  });

  it("does not match names inside other words", () => {
    expect(resolveThread(item({ text: "acmeish vibes" }), lookups)).toMatchObject({
      rule: "new_conversation",
    });
  });

  it("opens a new conversation thread when no rule matches", () => {
    const result = resolveThread(
      item({ text: "Lunch on Friday?", source: emailThreadKeys({ messageId: "<A1@mail>" }) }),
      lookups,
    );
    expect(result).toEqual({
      action: "open",
      rule: "new_conversation",
      thread: { kind: "conversation", title: "Lunch on Friday?" },
      evidence: expect.any(String),
      keysToRegister: ["email:a1@mail"],
    });
  });
});
