/**
 * The thread API over the running system: a webhook message lands in its entity's thread through
 * the real queue; threads are listed and shown with summary, facts and links; linking shares the
 * parent's facts with the child's turns; a merge moves messages, facts and keys and is audited.
 */
import { env, exports } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { InboundMessage } from "../../channels/message";
import { database } from "../../db/client";
import { entities } from "../../db/schema-proposals";
import { threadStub } from "../../durable-objects/stubs";
import { entityThreadId, resolveInboundThread } from "../../runtime/threads/thread-resolution";
import { createFakeTelegram } from "./fake-telegram";
import { api, seedTenant, type TestTenant } from "./fixtures";
import { CHAT_ID, textUpdate, USER } from "./telegram-updates";

let tenant: TestTenant;
let telegram: ReturnType<typeof createFakeTelegram>;
let acme: string;
let invoice: string;
let chatThread: string;
let update = 800;

// biome-ignore lint/suspicious/noExplicitAny: the test reads JSON bodies loosely and asserts on them
type Json = Record<string, any>;

async function call(path: string, init: RequestInit = {}) {
  const response = await exports.default.fetch(api(tenant, path, init));
  return { status: response.status, body: (await response.json()) as Json };
}
const post = (path: string, body: unknown) =>
  call(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const show = (threadId: string) => call(`/threads/${encodeURIComponent(threadId)}`);

/** What the inbound consumer does, without the queue: resolve, then hand to the thread. */
async function say(text: string, messageId = update + 1) {
  update += 1;
  const message: InboundMessage = {
    tenantId: tenant.tenantId,
    channelId: tenant.channelId,
    platform: "telegram",
    conversationId: String(CHAT_ID),
    sender: { id: String(USER.id), name: USER.first_name, isBot: false },
    text,
    platformMessageId: String(messageId),
    dedupKey: `telegram:update:${update}`,
    receivedAt: Date.now(),
    chatType: "private",
  };
  const { threadId } = await resolveInboundThread(database(env.DB), message, Date.now());
  await threadStub(env, threadId).receive(threadId, message);
  return threadId;
}

beforeAll(async () => {
  tenant = await seedTenant("threads");
  telegram = createFakeTelegram(tenant.botToken);
  telegram.server.listen();
  const now = Date.now();
  await database(env.DB)
    .insert(entities)
    .values([
      {
        id: "ent_acme",
        tenantId: tenant.tenantId,
        kind: "client",
        name: "Acme Corp",
        aliases: ["acme"],
        createdAt: now,
        updatedAt: now,
      },
      {
        id: "ent_inv7",
        tenantId: tenant.tenantId,
        kind: "invoice",
        name: "INV-7",
        createdAt: now,
        updatedAt: now,
      },
    ]);
  acme = entityThreadId(tenant.tenantId, "ent_acme");
  invoice = entityThreadId(tenant.tenantId, "ent_inv7");
  chatThread = `${tenant.tenantId}:telegram:${CHAT_ID}`;
});
afterAll(() => telegram.server.close());

describe("threads in the running system", () => {
  it("files a webhook message under the entity it mentions, through the inbound queue", async () => {
    const response = await exports.default.fetch(
      new Request(`https://cairn.test/webhooks/telegram/${tenant.tenantId}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "X-Telegram-Bot-Api-Secret-Token": tenant.webhookSecret,
        },
        body: JSON.stringify(textUpdate(700, "Acme: the billing contact is now billing@acme.example")),
      }),
    );
    expect(response.status).toBe(200);
    const shown = await vi.waitFor(
      async () => {
        const result = await show(acme);
        if (result.status !== 200 || result.body.recentMessages.length === 0) throw new Error("not yet");
        return result.body;
      },
      { timeout: 15_000, interval: 200 },
    );
    expect(shown.thread).toMatchObject({
      kind: "client",
      title: "Acme Corp",
      entityId: "ent_acme",
      status: "open",
    });
    expect(shown.facts).toEqual([
      expect.objectContaining({
        attribute: "billing_contact",
        current: expect.objectContaining({
          value: "billing@acme.example",
          sourceMessageIds: ["telegram:update:700"],
        }),
      }),
    ]);
    expect(shown.agents.map((a: { agentId: string }) => a.agentId)).toEqual(["operations"]);
    expect(shown.keys).toContainEqual({ key: `telegram:${CHAT_ID}:msg:700`, kind: "platform" });
  });

  it("answers /thread in chat with the thread the command names", async () => {
    const response = await exports.default.fetch(
      new Request(`https://cairn.test/webhooks/telegram/${tenant.tenantId}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "X-Telegram-Bot-Api-Secret-Token": tenant.webhookSecret,
        },
        body: JSON.stringify(textUpdate(701, "/thread acme")),
      }),
    );
    expect(response.status).toBe(200);
    const shown = await vi.waitFor(
      () => {
        const sent = telegram.sentMessages().find((m) => String(m.text).startsWith("Thread: "));
        if (!sent) throw new Error("no /thread answer yet");
        return String(sent.text);
      },
      { timeout: 15_000, interval: 200 },
    );
    expect(shown).toContain("Thread: Acme Corp (client)");
    expect(shown).toContain("- billing contact: billing@acme.example");
    expect(shown).toContain("Agents: operations");
  });

  it("lists threads, filters by kind, and names a bad field", async () => {
    expect(await say("INV-7 is for the spring campaign")).toBe(invoice);
    const listed = await call("/threads?kind=invoice");
    expect(listed.body.threads.map((t: { id: string }) => t.id)).toEqual([invoice]);
    const bad = await call("/threads?kind=galaxy");
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("kind");
    expect((await show(`${tenant.tenantId}:entity:nope`)).status).toBe(404);
  });

  it("links an invoice to its client, audited, and the invoice's turns see the client's facts", async () => {
    const linked = await post(`/threads/${encodeURIComponent(invoice)}/links`, { parentThreadId: acme });
    expect(linked.status).toBe(201);
    expect((await show(invoice)).body.links).toMatchObject({ parent: acme });
    expect((await show(acme)).body.links.children).toEqual([invoice]);

    await say("Who do we send INV-7 to?");
    const context = (await show(invoice)).body.lastContext;
    expect(context.included).toContainEqual(
      expect.objectContaining({ tier: "entity", id: "ent_acme/billing_contact" }),
    );
    const audit = await call("/audit?limit=50");
    expect(audit.body.entries).toContainEqual(
      expect.objectContaining({
        action: "thread.link",
        subjectId: invoice,
        detail: { relation: "parent", linkedThreadId: acme },
      }),
    );
  });

  it("refuses a cycle and a body that names both link kinds", async () => {
    const cycle = await post(`/threads/${encodeURIComponent(acme)}/links`, { parentThreadId: invoice });
    expect(cycle).toMatchObject({ status: 409, body: { error: "link would make a cycle" } });
    const both = await post(`/threads/${encodeURIComponent(acme)}/links`, {
      parentThreadId: invoice,
      relatedThreadId: invoice,
    });
    expect(both.status).toBe(400);
    expect(JSON.stringify(both.body)).toContain("parentThreadId");
  });

  it("indexes the tenant knowledge base and a turn finds it by meaning", async () => {
    const bad = await post("/knowledge", { documents: [{ id: "doc-1" }] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("documents.0.text");
    const indexed = await post("/knowledge", {
      documents: [
        {
          id: "reminders",
          text: "Overdue invoices get a first payment reminder seven days after the due date.",
        },
        { id: "holidays", text: "The office is closed between Christmas and New Year." },
      ],
    });
    expect(indexed).toMatchObject({ status: 201, body: { indexed: 2 } });
    const search = await call(
      `/knowledge/search?q=${encodeURIComponent("when is the payment reminder for an overdue invoice sent")}&topK=1`,
    );
    expect(search.body.hits).toEqual([expect.objectContaining({ id: "reminders" })]);
    await say("When do we send the payment reminder for INV-7 if it is overdue?");
    const context = (await show(invoice)).body.lastContext;
    expect(context.included).toContainEqual(expect.objectContaining({ tier: "knowledge", id: "reminders" }));
  });

  it("merges a chat thread into the client thread: messages, facts and keys move, the merge is audited", async () => {
    expect(await say("Lunch on Friday? Also the budget is now $12,000.00", 9901)).toBe(chatThread);
    const before = (await show(acme)).body;
    const merged = await post(`/threads/${encodeURIComponent(chatThread)}/merge`, {
      intoThreadId: acme,
      reason: "it was about Acme all along",
    });
    expect(merged.status).toBe(200);

    const source = (await show(chatThread)).body;
    expect(source.thread).toMatchObject({ status: "merged", mergedInto: acme });
    const target = (await show(acme)).body;
    expect(target.facts.map((f: { factId: string }) => f.factId)).toContain(`${acme}/budget`);
    expect(target.keys).toContainEqual({ key: `telegram:${CHAT_ID}:msg:9901`, kind: "platform" });
    expect(target.recentMessages.length).toBeGreaterThan(before.recentMessages.length);

    const audit = (await call("/audit?limit=50")).body.entries.find(
      (e: { action: string }) => e.action === "thread.merge",
    );
    expect(audit).toMatchObject({
      subjectId: chatThread,
      threadId: acme,
      actor: expect.stringMatching(/^api:/),
    });
    expect(audit.detail.movedMessageIds).toContain(`telegram:update:${update}`);
    expect(audit.detail.reason).toBe("it was about Acme all along");

    // A reply to a message of the merged thread now lands in the survivor.
    update += 1;
    const reply: InboundMessage = {
      tenantId: tenant.tenantId,
      channelId: tenant.channelId,
      platform: "telegram",
      conversationId: String(CHAT_ID),
      sender: { id: String(USER.id), name: USER.first_name, isBot: false },
      text: "ok",
      platformMessageId: "9950",
      replyToMessageId: "9901",
      dedupKey: `telegram:update:${update}`,
      receivedAt: Date.now(),
    };
    expect(await resolveInboundThread(database(env.DB), reply, Date.now())).toMatchObject({
      threadId: acme,
      rule: "platform_thread",
    });
    // Merging again is refused: a merged thread only forwards.
    expect(
      (
        await post(`/threads/${encodeURIComponent(chatThread)}/merge`, {
          intoThreadId: acme,
          reason: "again",
        })
      ).status,
    ).toBe(409);
  });
});
