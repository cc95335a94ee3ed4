/**
 * A ContextThread's memory in workerd: facts extracted with their source messages (a changed value
 * replaces the old one, history kept), the rolling summary refreshed past the threshold, both
 * surviving eviction, and a hand-off that starts the next agent from the same state.
 */
import { evictDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InboundMessage } from "../../channels/message";
import { threadIdFor, threadStub } from "../../durable-objects/stubs";
import { accepted } from "../../kernel/refusal";
import { createFakeTelegram } from "./fake-telegram";
import { seedTenant, type TestTenant } from "./fixtures";
import { CHAT_ID, USER } from "./telegram-updates";

let tenant: TestTenant;
let telegram: ReturnType<typeof createFakeTelegram>;
let threadId: string;
let updateId = 500;
const DAY = 86_400_000;
const START = Date.UTC(2026, 9, 1);

function inbound(text: string, at: number): InboundMessage {
  updateId += 1;
  return {
    tenantId: tenant.tenantId,
    channelId: tenant.channelId,
    platform: "telegram",
    conversationId: String(CHAT_ID),
    sender: { id: String(USER.id), name: USER.first_name, isBot: false },
    text,
    platformMessageId: String(updateId),
    dedupKey: `telegram:update:${updateId}`,
    receivedAt: at,
    chatType: "private",
  };
}

const thread = () => threadStub(env, threadId);
/** The thread as the API reads it; a refusal (another tenant's object) fails the test. */
const threadSnapshot = async () => accepted(await thread().snapshot(tenant.tenantId, threadId), threadId);
const say = (text: string, at: number) => thread().receive(threadId, inbound(text, at));

beforeAll(async () => {
  tenant = await seedTenant("memo");
  telegram = createFakeTelegram(tenant.botToken);
  telegram.server.listen();
  threadId = threadIdFor(tenant.tenantId, "telegram", String(CHAT_ID));
});
afterAll(() => telegram.server.close());

describe("thread facts", () => {
  it("records a fact with the message it came from", async () => {
    await say("Invoice for the Q3 retainer: the amount due is $3,900.00, due date is 2026-10-31.", START);
    await say("Thanks, noted.", START + 1_000);
    const snapshot = await threadSnapshot();
    const amount = snapshot.facts.find((fact) => fact.attribute === "amount_due");
    expect(amount?.current).toMatchObject({ value: "$3,900.00", sourceMessageIds: ["telegram:update:501"] });
    expect(snapshot.facts.find((fact) => fact.attribute === "due_date")?.current.value).toBe("2026-10-31");
  });

  it("replaces a changed value and keeps the old one in its history", async () => {
    await say(
      "Correction from the client: amount due changed to $4,217.00 after the extra hours.",
      START + DAY,
    );
    const snapshot = await threadSnapshot();
    const amount = snapshot.facts.find((fact) => fact.attribute === "amount_due")!;
    expect(amount.current).toMatchObject({ value: "$4,217.00", sourceMessageIds: ["telegram:update:503"] });
    expect(amount.history).toEqual([
      { value: "$3,900.00", observedAt: START, sourceMessageIds: ["telegram:update:501"] },
    ]);
    // The prompt of that turn carried the new value only.
    expect(snapshot.lastContext?.included.map((item) => item.id)).toContain(amount.factId);
  });
});

describe("rolling summary", () => {
  it("folds the older messages into the summary once the thread passes the threshold", async () => {
    const filler = "We walked through the onboarding checklist again, item by item, ".repeat(25);
    for (let i = 0; i < 7; i++) await say(`Status note ${i + 1}: ${filler}`, START + 2 * DAY + i * 60_000);
    const snapshot = await threadSnapshot();
    expect(snapshot.summary).toBeDefined();
    expect(snapshot.summary!.coveredMessageCount).toBeGreaterThan(0);
    // The first messages are in the summary now, not among the verbatim recent messages.
    expect(snapshot.summary!.text).toContain("amount due is $3,900.00");
    expect(snapshot.recentMessages.map((m) => m.id)).not.toContain("telegram:update:501");
    // The next turn reads the summary, and the history search still finds the folded message that
    // answers the question (it is no longer verbatim in the tail, but it is not lost either).
    await say("What is the amount due now?", START + 3 * DAY);
    const after = await threadSnapshot();
    const included = after.lastContext!.included.map((item) => item.id);
    expect(included).toContain(`summary:${threadId}`);
    expect(included).toContain("telegram:update:501");
    const reason = after.lastContext!.included.find((item) => item.id === "telegram:update:501")!.reason;
    expect(reason).toMatch(/lexical/);
    expect(after.lastContext!.totalTokens).toBeLessThanOrEqual(after.lastContext!.budgetTokens);
  });
});

describe("eviction", () => {
  it("keeps the summary, the facts and the agents after the object is evicted", async () => {
    const before = await threadSnapshot();
    await evictDurableObject(thread());
    const after = await threadSnapshot();
    expect(after.summary).toEqual(before.summary);
    expect(after.facts).toEqual(before.facts);
    expect(after.agents).toEqual(before.agents);
    expect(after.messageCount).toBe(before.messageCount);
    await say("Please confirm the due date.", START + 4 * DAY);
    const turned = await threadSnapshot();
    expect(turned.lastContext!.included.map((item) => item.id)).toContain(`${threadId}/due_date`);
  });
});

describe("hand-off between agents", () => {
  it("starts the receiving agent from the thread's state, with no re-summarising and no copy", async () => {
    const before = await threadSnapshot();
    expect(before.agents.map((a) => a.agentId)).toEqual(["operations"]);
    const request = {
      tenantId: tenant.tenantId,
      threadId,
      fromAgentId: "operations",
      toAgentId: "finance",
      note: "The client disputes the extra hours; please handle the invoice from here.",
      handoffKey: "handoff-1",
    };
    const handed = await thread().handOff(request);
    if ("refused" in handed) throw new Error(handed.refused);
    expect(handed).toMatchObject({
      toAgentId: "finance",
      repeated: false,
      summaryVersion: before.summary!.version,
    });
    // The finance agent's first prompt already holds the summary and the current facts.
    expect(handed.included).toContain(`thread:summary:${threadId}`);
    expect(handed.included).toContain(`thread:${threadId}/amount_due`);

    const after = await threadSnapshot();
    expect(after.summary!.version).toBe(before.summary!.version);
    expect(after.messageCount).toBe(before.messageCount + 2); // the note and finance's reply, nothing copied
    expect(after.lastContext!.agentId).toBe("finance");
    expect(after.agents.find((a) => a.agentId === "finance")).toMatchObject({
      via: "handoff from operations",
      turns: 1,
    });
    expect(after.handoffs).toEqual([
      expect.objectContaining({ from: "operations", to: "finance", key: "handoff-1" }),
    ]);

    const repeated = await thread().handOff(request);
    expect(repeated).toMatchObject({ repeated: true, reply: handed.reply });
    expect((await threadSnapshot()).messageCount).toBe(after.messageCount);
  });

  it("refuses a hand-off with a missing field", async () => {
    const refused = await thread().handOff({
      tenantId: tenant.tenantId,
      threadId,
      fromAgentId: "operations",
    } as never);
    expect(refused).toEqual({ refused: expect.stringMatching(/^invalid hand-off request: toAgentId: /) });
  });
});
