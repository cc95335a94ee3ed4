/**
 * Over 400 lines on purpose: one platform's end-to-end story shares one tenant and one fake.
 *
 * Telegram as a first-class channel, end to end on real local components: group gating
 * (mention, reply to the bot, commands addressed to it), forum topics, the sender allow list and
 * pairing, model-free commands, ordered split sends that survive a failure in the middle,
 * editMessageText, and per-chat 429 pauses. Telegram is faked at the HTTP boundary.
 */
import { env, exports } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { database } from "../../db/client";
import { systemClock } from "../../kernel/clock";
import { createIdSource } from "../../kernel/ids";
import { queueOutbound } from "../../runtime/outbox";
import { createFakeTelegram } from "./fake-telegram";
import { api, seedTenant, type TestTenant } from "./fixtures";
import { drainOutbox } from "./outbox-drain";
import { reactionUpdate, STRANGER, textUpdate, USER } from "./telegram-updates";

const GROUP = -1001234567890;
const FORUM = -1009876543210;
const BOT = { id: 123456, is_bot: true, first_name: "Cairn", username: "cairn_bot" };

let tenant: TestTenant;
let telegram: ReturnType<typeof createFakeTelegram>;
let updateId = 5000;

async function deliver(update: unknown) {
  const response = await exports.default.fetch(
    new Request(`https://cairn.test/webhooks/telegram/${tenant.tenantId}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "X-Telegram-Bot-Api-Secret-Token": tenant.webhookSecret,
      },
      body: JSON.stringify(update),
    }),
  );
  expect(response.status).toBe(200);
}

/** A group message as Telegram sends it (supergroup, entities for mentions and commands). */
function groupUpdate(
  text: string,
  options: { entities?: unknown[]; replyTo?: unknown; chatId?: number; topic?: number; from?: unknown } = {},
) {
  const id = ++updateId;
  return {
    update_id: id,
    message: {
      message_id: id,
      from: options.from ?? USER,
      chat: {
        id: options.chatId ?? GROUP,
        title: "Acme team",
        type: "supergroup",
        ...(options.topic ? { is_forum: true } : {}),
      },
      date: 1764000000,
      text,
      ...(options.entities ? { entities: options.entities } : {}),
      ...(options.replyTo ? { reply_to_message: options.replyTo } : {}),
      ...(options.topic ? { message_thread_id: options.topic, is_topic_message: true } : {}),
    },
  };
}

async function sentCount(n: number) {
  return vi.waitFor(
    () => {
      const sent = telegram.sentMessages();
      if (sent.length < n) throw new Error(`only ${sent.length} of ${n} messages sent so far`);
      return sent[n - 1]!;
    },
    { timeout: 15_000, interval: 100 },
  );
}

beforeAll(async () => {
  tenant = await seedTenant("acme");
  telegram = createFakeTelegram(tenant.botToken);
  telegram.server.listen();
  const patched = await exports.default.fetch(
    api(tenant, `/channels/${tenant.channelId}`, {
      method: "PATCH",
      body: JSON.stringify({ botUsername: "cairn_bot" }),
    }),
  );
  expect(patched.status).toBe(200);
});
afterAll(() => telegram.server.close());

describe("groups: the bot answers only when addressed", () => {
  it("ignores chatter, answers a mention, a reply to the bot and a command addressed to it", async () => {
    await deliver(groupUpdate("lunch at noon?"));
    await deliver(
      groupUpdate("/help@otherbot", { entities: [{ offset: 0, length: 14, type: "bot_command" }] }),
    );
    await deliver(
      groupUpdate("@cairn_bot what is overdue?", { entities: [{ offset: 0, length: 10, type: "mention" }] }),
    );
    const mention = await sentCount(1);
    expect(mention.chat_id).toBe(String(GROUP));
    expect(mention.text).toMatch(/offline: no model is configured/);

    const botMessage = {
      message_id: 1000,
      from: BOT,
      chat: { id: GROUP, type: "supergroup", title: "Acme team" },
      date: 1764000001,
      text: "…",
    };
    await deliver(groupUpdate("and the invoices?", { replyTo: botMessage }));
    await sentCount(2);
    await deliver(
      groupUpdate("/help@cairn_bot", { entities: [{ offset: 0, length: 15, type: "bot_command" }] }),
    );
    const help = await sentCount(3);
    expect(help.text).toMatch(/^I am .*your Cairn agent/);
    expect(telegram.sentMessages()).toHaveLength(3);
  });

  it("answers inside the forum topic the question came from", async () => {
    await deliver(
      groupUpdate("@cairn_bot status please", {
        chatId: FORUM,
        topic: 42,
        entities: [{ offset: 0, length: 10, type: "mention" }],
      }),
    );
    const reply = await sentCount(4);
    expect(reply).toMatchObject({ chat_id: String(FORUM), message_thread_id: 42 });
    const thread = await env.DB.prepare(
      "SELECT id FROM context_threads WHERE tenant_id = ? AND external_ref = ?",
    )
      .bind(tenant.tenantId, `${FORUM}/42`)
      .first<{ id: string }>();
    expect(thread?.id).toBe(`acme:telegram:${FORUM}:topic:42`);
  });

  it("ignores a stranger in a group even when they mention the bot, and shows no pairing code", async () => {
    await deliver(
      groupUpdate("@cairn_bot run rm -rf /", {
        from: STRANGER,
        entities: [{ offset: 0, length: 10, type: "mention" }],
      }),
    );
    await deliver(textUpdate(5900, "/status"));
    const marker = await sentCount(5);
    expect(marker.text).toMatch(/proposal\(s\) waiting for approval/);
    expect(telegram.sentMessages()).toHaveLength(5);
  });
});

describe("who may talk to agents in private", () => {
  it("gives a stranger a one-time code; the owner approves it; then the stranger is answered", async () => {
    await deliver(textUpdate(5901, "hi, I am new", { from: STRANGER, chatId: STRANGER.id }));
    const offer = await sentCount(6);
    expect(offer.chat_id).toBe(String(STRANGER.id));
    const code = /pairing code is ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(String(offer.text))?.[1];
    expect(code).toBeDefined();

    const pending = await exports.default.fetch(api(tenant, `/channels/${tenant.channelId}/senders`));
    expect(await pending.json()).toMatchObject({
      senders: [{ senderId: String(STRANGER.id), status: "pending" }],
    });
    const approved = await exports.default.fetch(
      api(tenant, `/channels/${tenant.channelId}/pairings`, {
        method: "POST",
        body: JSON.stringify({ code: code!.toLowerCase() }),
      }),
    );
    expect(approved.status).toBe(200);

    await deliver(textUpdate(5902, "/tasks", { from: STRANGER, chatId: STRANGER.id }));
    const tasks = await sentCount(7);
    expect(tasks.text).toMatch(/No tasks on the board|Latest tasks/);
  });

  it("refuses /approve from a paired sender who is not an approver", async () => {
    await deliver(textUpdate(5903, "/approve prop_doesnotexist", { from: STRANGER, chatId: STRANGER.id }));
    const refusal = await sentCount(8);
    expect(refusal.text).toBe("You are not on this team's approver list.");
    await deliver(textUpdate(5904, "/approve prop_doesnotexist"));
    const missing = await sentCount(9);
    expect(missing.text).toBe("There is no proposal prop_doesnotexist.");
  });

  it("lets /approve through for an approver added with /api/approvers, as the button does", async () => {
    const added = await exports.default.fetch(
      api(tenant, "/approvers", {
        method: "POST",
        body: JSON.stringify({ platform: "telegram", userId: String(STRANGER.id), name: "Stranger" }),
      }),
    );
    expect(added.status).toBe(201);
    const { approver } = (await added.json()) as { approver: { id: string } };
    await deliver(textUpdate(5910, "/approve prop_doesnotexist", { from: STRANGER, chatId: STRANGER.id }));
    expect((await sentCount(10)).text).toBe("There is no proposal prop_doesnotexist.");

    const removed = await exports.default.fetch(
      api(tenant, `/approvers/${approver.id}`, { method: "DELETE" }),
    );
    expect(removed.status).toBe(204);
    await deliver(textUpdate(5911, "/approve prop_doesnotexist", { from: STRANGER, chatId: STRANGER.id }));
    expect((await sentCount(11)).text).toBe("You are not on this team's approver list.");
  });

  it("validates allow-list changes and removes a sender", async () => {
    const bad = await exports.default.fetch(
      api(tenant, `/channels/${tenant.channelId}/senders`, {
        method: "POST",
        body: JSON.stringify({ senderId: "x y" }),
      }),
    );
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ field: "senderId" });
    const removed = await exports.default.fetch(
      api(tenant, `/channels/${tenant.channelId}/senders/${STRANGER.id}`, { method: "DELETE" }),
    );
    expect(removed.status).toBe(200);
    await deliver(textUpdate(5905, "still there?", { from: STRANGER, chatId: STRANGER.id }));
    const again = await sentCount(12);
    expect(again.text).toMatch(/pairing code is/);
  });
});

describe("outbound: splitting, editing, rate limits", () => {
  const db = () => database(env.DB);
  const ids = createIdSource(systemClock);
  const target = () => ({ tenantId: tenant.tenantId, channelId: tenant.channelId });

  it("sends a long reply as ordered parts, resuming after a 5xx in the middle without repeating a part", async () => {
    const before = telegram.sentMessages().length;
    const text = ["A".repeat(4000), "B".repeat(4000), "C".repeat(1000)].join("\n");
    telegram.failLater(1, 502);
    await queueOutbound(
      env,
      db(),
      ids,
      target(),
      "test:long-reply",
      {
        type: "message",
        conversationId: String(USER.id),
        text,
        buttons: [[{ text: "Approve", data: "p:prop_x:a" }]],
      },
      Date.now(),
    );
    await sentCount(before + 3);
    const parts = telegram.sentMessages().slice(before);
    expect(parts.map((p) => String(p.text)[0])).toEqual(["A", "B", "C"]);
    expect(parts.map((p) => Boolean(p.reply_markup))).toEqual([false, false, true]);
    const row = await env.DB.prepare(
      "SELECT status, attempts, platform_message_id FROM outbox WHERE idempotency_key = ?",
    )
      .bind("test:long-reply")
      .first<{ status: string; attempts: number; platform_message_id: string }>();
    expect(row).toMatchObject({ status: "sent", attempts: 1 });
    // The last part carries the buttons, so editing the card edits that message: the stored id is
    // the one Telegram gave the last part.
    const lastPart = telegram.calls.filter((call) => call.method === "sendMessage").at(-1);
    expect(lastPart?.body.reply_markup).toBeTruthy();
    expect(row?.platform_message_id).toBe(String(lastPart?.messageId));

    // The same key again: the row is sent, so nothing is queued, and nothing can send it again.
    const queued: unknown[] = [];
    await queueOutbound(
      { OUTBOUND_QUEUE: { send: async (message: unknown) => void queued.push(message) } as unknown as Queue },
      db(),
      ids,
      target(),
      "test:long-reply",
      { type: "message", conversationId: "1", text: "again" },
      Date.now(),
    );
    expect(queued).toEqual([]);
    expect(telegram.sentMessages()).toHaveLength(before + 3);
  });

  it("edits a message in place with editMessageText, removing its buttons", async () => {
    await queueOutbound(
      env,
      db(),
      ids,
      target(),
      "test:edit",
      {
        type: "edit_message",
        conversationId: String(USER.id),
        platformMessageId: "1000",
        text: "Approved by Ada: done.",
        buttons: [],
      },
      Date.now(),
    );
    await vi.waitFor(
      () => {
        const edit = telegram.calls.find((c) => c.method === "editMessageText");
        expect(edit?.body).toEqual({
          chat_id: String(USER.id),
          message_id: 1000,
          text: "Approved by Ada: done.",
          link_preview_options: { is_disabled: true },
          reply_markup: { inline_keyboard: [] },
        });
      },
      { timeout: 15_000, interval: 100 },
    );
  });

  it("pauses the chat that got a 429 and delivers after retry_after, once", async () => {
    const before = telegram.sentMessages().length;
    const receivedBefore = telegram.received.length;
    telegram.failNext(429, 2);
    await queueOutbound(
      env,
      db(),
      ids,
      target(),
      "test:limited",
      { type: "message", conversationId: String(GROUP), text: "later" },
      Date.now(),
    );
    await sentCount(before + 1);
    const pause = await env.DB.prepare("SELECT scope FROM channel_send_pauses WHERE tenant_id = ?")
      .bind(tenant.tenantId)
      .first<{ scope: string }>();
    expect(pause?.scope).toBe(`chat:${tenant.channelId}:${GROUP}`);
    // The refused call and the resend as Telegram recorded them: the resend came retry_after later.
    const requests = telegram.received.slice(receivedBefore).filter((r) => r.method === "sendMessage");
    expect(requests.map((r) => r.status)).toEqual([429, 200]);
    expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(2_000);
    // Once: the row is sent with the id Telegram gave the resend, and nothing is left to send.
    await drainOutbox();
    const row = await env.DB.prepare(
      "SELECT status, platform_message_id FROM outbox WHERE idempotency_key = 'test:limited'",
    ).first<{ status: string; platform_message_id: string }>();
    const resent = telegram.calls.filter((c) => c.method === "sendMessage" && c.body.text === "later");
    expect(resent).toHaveLength(1);
    expect(row).toEqual({ status: "sent", platform_message_id: String(resent[0]!.messageId) });
  });
});

describe("reactions on a proposal card (message_reaction)", () => {
  const chat = { id: GROUP, type: "supergroup", title: "Acme team" };
  // A reply to one of the bot's messages addresses it, and leaves the text a plain "run …".
  const botMessage = { message_id: 1000, from: BOT, chat, date: 1764000001, text: "…" };

  /** Asks for a proposal in the group; returns it, its card's message id and the request's. */
  async function proposeInGroup(command: string) {
    await drainOutbox();
    const before = telegram.sentMessages().length;
    const request = groupUpdate(`run ${command}`, { replyTo: botMessage });
    await deliver(request);
    const card = await sentCount(before + 1);
    const keyboard = (card.reply_markup as { inline_keyboard: Array<Array<{ callback_data: string }>> })
      .inline_keyboard;
    const proposalId = keyboard[0]![0]!.callback_data.split(":")[1]!;
    const cardId = await vi.waitFor(
      async () => {
        const row = await env.DB.prepare(
          "SELECT platform_message_id AS id FROM outbox WHERE tenant_id = ? AND status = 'sent' AND payload LIKE ?",
        )
          .bind(tenant.tenantId, `%p:${proposalId}:a%`)
          .first<{ id: string }>();
        if (!row?.id) throw new Error("card not recorded as sent yet");
        return Number(row.id);
      },
      { timeout: 15_000, interval: 100 },
    );
    return { proposalId, cardId, requestId: request.message.message_id };
  }

  async function proposal(id: string) {
    const response = await exports.default.fetch(api(tenant, `/proposals/${id}`));
    return ((await response.json()) as { proposal: { status: string; decidedBy: string | null } }).proposal;
  }

  it("rejects on an approver's 👎, ignoring a stranger, other emoji, a removal and other messages", async () => {
    const { proposalId, cardId, requestId } = await proposeInGroup("echo 'draft' > draft.txt");
    // The thread logs each reaction it reads and decides nothing on: waiting for those three lines
    // waits for the reactions to have been handled, not for time. (A removal carries nothing and
    // never reaches the thread: test/kernel/channels/reactions-and-pacing.test.ts.)
    const logged = vi.spyOn(console, "log");
    const ignoredReasons = () =>
      logged.mock.calls
        .map(([line]) => (typeof line === "string" && line.startsWith("{") ? JSON.parse(line) : null))
        .filter((entry) => entry?.event === "reaction.ignored" && entry.tenant === tenant.tenantId)
        .map((entry) => entry.reason as string)
        .sort();
    try {
      await deliver(reactionUpdate(++updateId, { chat, messageId: cardId, from: STRANGER, after: ["👍"] }));
      await deliver(reactionUpdate(++updateId, { chat, messageId: cardId, after: ["🔥"] }));
      await deliver(reactionUpdate(++updateId, { chat, messageId: cardId, before: ["🔥"], after: [] }));
      await deliver(reactionUpdate(++updateId, { chat, messageId: requestId, after: ["👎"] }));
      await vi.waitFor(
        () => {
          if (ignoredReasons().length < 3) throw new Error(`${ignoredReasons().length} of 3 reactions read`);
        },
        { timeout: 15_000, interval: 100 },
      );
      expect(ignoredReasons()).toEqual(
        ['"🔥" is neither a yes nor a no', "not an approver", "not on a proposal card with buttons"].sort(),
      );
    } finally {
      logged.mockRestore();
    }
    expect(await proposal(proposalId)).toMatchObject({ status: "pending" });

    const before = telegram.sentMessages().length;
    await deliver(
      reactionUpdate(++updateId, { chat, messageId: cardId, before: ["🔥"], after: ["🔥", "👎"] }),
    );
    const notice = await sentCount(before + 1);
    expect(notice).toMatchObject({ chat_id: String(GROUP) });
    expect(notice.text).toBe(
      `Proposal ${proposalId} was rejected by user:telegram:${USER.id}; nothing was done.`,
    );
    expect(await proposal(proposalId)).toMatchObject({
      status: "rejected",
      decidedBy: `user:telegram:${USER.id}`,
    });
    const refused = await env.DB.prepare(
      "SELECT actor, detail FROM audit_log WHERE tenant_id = ? AND action = 'proposal.approval_refused' AND subject_id = ?",
    )
      .bind(tenant.tenantId, proposalId)
      .all<{ actor: string; detail: string }>();
    expect(refused.results).toEqual([
      {
        actor: `user:telegram:${STRANGER.id}`,
        detail: JSON.stringify({ reason: "not an approver", reaction: "👍" }),
      },
    ]);
  });

  it("approves and runs the proposal on an approver's 👍, editing the card like the button does", async () => {
    const { proposalId, cardId } = await proposeInGroup("echo 'kept' > kept.txt");
    await deliver(reactionUpdate(++updateId, { chat, messageId: cardId, after: ["👍"] }));
    await vi.waitFor(
      () => {
        const result = telegram
          .sentMessages()
          .find((m) =>
            String(m.text).startsWith(`Proposal ${proposalId} (approved by user:telegram:${USER.id}) ran:`),
          );
        expect(result?.chat_id).toBe(String(GROUP));
      },
      { timeout: 15_000, interval: 100 },
    );
    const edits = telegram.calls.filter(
      (c) => c.method === "editMessageText" && c.body.message_id === cardId,
    );
    expect(edits.length).toBeGreaterThanOrEqual(1);
    expect(await proposal(proposalId)).toMatchObject({ decidedBy: `user:telegram:${USER.id}` });
  });
});

describe("one list of approvers", () => {
  it("lists the channel's own approvers in /api/approvers, one list with the tenant's, and removes them from there", async () => {
    // Tried as a new user would: the channel named an approver, and /api/approvers was empty.
    const list = async () =>
      (
        (await (await exports.default.fetch(api(tenant, "/approvers"))).json()) as {
          approvers: Array<Record<string, unknown>>;
        }
      ).approvers;
    const ownerId = `chapr_${tenant.channelId}_${tenant.approverId}`;
    expect(await list()).toEqual([
      {
        id: ownerId,
        source: "channel",
        platform: "telegram",
        userId: tenant.approverId,
        channelId: tenant.channelId,
        owner: true,
      },
    ]);
    const patch = (approvers: string[]) =>
      exports.default.fetch(
        api(tenant, `/channels/${tenant.channelId}`, {
          method: "PATCH",
          body: JSON.stringify({ approvers }),
        }),
      );
    expect((await patch([tenant.approverId, String(STRANGER.id)])).status).toBe(200);
    const second = `chapr_${tenant.channelId}_${STRANGER.id}`;
    expect((await list()).map((a) => [a.id, a.owner])).toEqual([
      [ownerId, true],
      [second, false],
    ]);
    const sentBefore = telegram.sentMessages().length;
    await deliver(textUpdate(5920, "/approve prop_doesnotexist", { from: STRANGER, chatId: STRANGER.id }));
    expect((await sentCount(sentBefore + 1)).text).toBe("There is no proposal prop_doesnotexist.");

    const removeOwner = await exports.default.fetch(
      api(tenant, `/approvers/${ownerId}`, { method: "DELETE" }),
    );
    expect(removeOwner.status).toBe(409);
    expect(((await removeOwner.json()) as { error: string }).error).toMatch(/is the owner of channel/);
    expect(
      (await exports.default.fetch(api(tenant, `/approvers/${second}`, { method: "DELETE" }))).status,
    ).toBe(204);
    expect((await list()).map((a) => a.id)).toEqual([ownerId]);
    await deliver(textUpdate(5921, "/approve prop_doesnotexist", { from: STRANGER, chatId: STRANGER.id }));
    // No longer an approver and (since the allow-list test) not an allowed sender: not admitted at all.
    expect((await sentCount(sentBefore + 2)).text).toMatch(/^Hello! I only work with people my team/);
    expect(
      (await exports.default.fetch(api(tenant, `/approvers/${second}`, { method: "DELETE" }))).status,
    ).toBe(404);
  });
});

describe("connecting a bot through the admin API (what `cairn channels telegram connect` calls)", () => {
  it("refuses a malformed token, then rotates the webhook secret keeping the approvers", async () => {
    const bad = await exports.default.fetch(
      api(tenant, "/channels/telegram", {
        method: "PUT",
        body: JSON.stringify({ agentId: "operations", botToken: "nope", webhookSecret: "x".repeat(32) }),
      }),
    );
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ field: "botToken" });

    const newSecret = "rotated_secret-0123456789abcdef";
    const put = await exports.default.fetch(
      api(tenant, "/channels/telegram", {
        method: "PUT",
        body: JSON.stringify({ agentId: "operations", botToken: tenant.botToken, webhookSecret: newSecret }),
      }),
    );
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({
      channel: { id: tenant.channelId, config: { approvers: [tenant.approverId], botUsername: "cairn_bot" } },
      webhookUrl: "https://cairn.test/webhooks/telegram/acme",
    });
    const withOld = await exports.default.fetch(
      new Request("https://cairn.test/webhooks/telegram/acme", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "X-Telegram-Bot-Api-Secret-Token": tenant.webhookSecret,
        },
        body: JSON.stringify(textUpdate(5999, "hello")),
      }),
    );
    expect(withOld.status).toBe(403);
    const withNew = await exports.default.fetch(
      new Request("https://cairn.test/webhooks/telegram/acme", {
        method: "POST",
        headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": newSecret },
        body: JSON.stringify(textUpdate(5999, "hello")),
      }),
    );
    expect(withNew.status).toBe(200);
  });
});
