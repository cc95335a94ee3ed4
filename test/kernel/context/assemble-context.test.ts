import { describe, expect, it } from "vitest";
import { assembleContext, type ContextAssemblyInput } from "../../../kernel/context/assemble-context";
import { type FactSet, recordFact } from "../../../kernel/memory/facts";
import type { ThreadMessage } from "../../../kernel/memory/tiers";

const DAY = 86_400_000;
const now = Date.UTC(2026, 2, 30);

let facts: FactSet = {};
const observe = (subjectId: string, attribute: string, value: string, daysAgo: number, id: string) => {
  facts = recordFact(facts, {
    subjectId,
    attribute,
    value,
    observedAt: now - daysAgo * DAY,
    sourceMessageId: id,
  }).facts;
};
observe("inv-1042", "amount_due", "$3,900.00", 20, "m1");
observe("inv-1042", "amount_due", "$4,217.00", 3, "m90");
observe("inv-1042", "due_date", "2026-04-15", 10, "m40");
observe("c-acme", "billing_contact", "ana@acme.example", 30, "m2");
observe("c-acme", "payment_terms", "net 30", 30, "m3");
observe("c-bluebird", "billing_contact", "tom@bluebird.example", 5, "m77");

const messages: ThreadMessage[] = Array.from({ length: 60 }, (_, i) => ({
  id: `r${i}`,
  threadId: "th-inv-1042",
  author: i % 2 ? "ana" : "agent:billing",
  text:
    i === 10
      ? "We agreed the amount due excludes the hosting line"
      : `Routine update number ${i} about scheduling`,
  at: now - (60 - i) * 3_600_000,
}));

const input: ContextAssemblyInput = {
  now,
  thread: { threadId: "th-inv-1042", title: "INV-1042", kind: "invoice" },
  message: {
    id: "q1",
    author: "ana",
    text: "What is the amount due on INV-1042 now, and who gets the reminder?",
  },
  working: [{ id: "w1", text: "tool invoices.get returned status=sent" }],
  recentMessages: messages,
  summary: {
    threadId: "th-inv-1042",
    text: "Invoice for the March retainer; client disputed the hosting line.",
    coveredMessageCount: 40,
    updatedAt: now - DAY,
  },
  threadFacts: Object.values(facts).filter((f) => f.subjectId === "inv-1042"),
  entityFacts: Object.values(facts).filter((f) => f.subjectId !== "inv-1042"),
  subjectNames: { "inv-1042": "INV-1042", "c-acme": "Acme Corp", "c-bluebird": "Bluebird Bakery" },
  focusSubjectIds: ["inv-1042", "c-acme"],
  reflections: [
    {
      id: "l1",
      agentId: "billing",
      text: "Send reminders to the billing contact, never to the CEO",
      at: now - 40 * DAY,
    },
    { id: "l2", agentId: "billing", text: "Slack emoji reactions are not approvals", at: now - 40 * DAY },
  ],
  knowledge: [
    { id: "k1", text: "Reminder policy: first reminder 3 days after the due date", score: 0.86 },
    { id: "k2", text: "Office plants are watered on Mondays", score: 0.52 },
  ],
};

describe("assembleContext", () => {
  it("never exceeds the budget and accounts for every token it reports", () => {
    for (const budget of [120, 250, 400, 800, 3_000]) {
      const context = assembleContext(input, budget);
      expect(context.totalTokens).toBeLessThanOrEqual(budget);
      expect(context.overBudget).toBe(false);
      expect(context.included.reduce((sum, item) => sum + item.tokens, 0)).toBeLessThanOrEqual(budget);
    }
  });

  it("keeps current facts before history when the budget is tight", () => {
    // 300 tokens by the honest estimator is about what 250 was by characters / 4 (tokens.ts).
    const context = assembleContext(input, 300);
    const ids = context.included.map((item) => item.id);
    expect(ids).toContain("inv-1042/amount_due");
    expect(ids).toContain("c-acme/billing_contact");
    expect(context.prompt).toContain("INV-1042 · amount due: $4,217.00");
    expect(context.prompt).not.toContain("Routine update number 12 ");
    // The facts of an entity this message is not about lose to those of the entities it is about.
    const acme = ids.indexOf("c-acme/billing_contact");
    const bluebird = ids.indexOf("c-bluebird/billing_contact");
    expect(bluebird === -1 || acme < bluebird).toBe(true);
  });

  it("orders inclusions by priority: working memory, latest messages, thread facts, summary, focused entities", () => {
    const context = assembleContext(input, 3_000);
    const firstOfTier = (tier: string) => context.included.findIndex((item) => item.tier === tier);
    expect(context.included[0]).toMatchObject({ tier: "working", id: "w1" });
    expect(firstOfTier("recent")).toBeLessThan(firstOfTier("thread"));
    expect(context.included.findIndex((i) => i.id === "summary:th-inv-1042")).toBeLessThan(
      context.included.findIndex((i) => i.id === "c-acme/payment_terms"),
    );
    // A relevant lesson and a strong semantic hit outrank an unrelated one.
    const at = (id: string) => context.included.findIndex((item) => item.id === id);
    expect(at("l1")).toBeLessThan(at("l2"));
    expect(at("k1")).toBeLessThan(at("k2"));
  });

  it("reports what it dropped and why, and drops nothing that fits", () => {
    const tight = assembleContext(input, 250);
    expect(tight.dropped.length).toBeGreaterThan(0);
    expect(tight.dropped[0]?.reason).toMatch(/did not fit \(\d+ tokens, \d+ left\)/);
    const roomy = assembleContext(input, 100_000);
    expect(roomy.dropped).toEqual([]);
    expect(roomy.included).toHaveLength(1 + 60 + 2 + 1 + 3 + 2 + 2);
  });

  it("renders recent messages in time order and the current message last", () => {
    const context = assembleContext(input, 3_000);
    const recent = context.sections.find((section) => section.name === "recent")?.text ?? "";
    const numbers = [...recent.matchAll(/number (\d+)/g)].map((match) => Number(match[1]));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(context.sections.at(-1)?.name).toBe("message");
    expect(context.prompt.trimEnd().endsWith(input.message.text)).toBe(true);
  });

  it("uses an injected token estimator", () => {
    const perWord = (text: string) => text.split(/\s+/).filter(Boolean).length;
    const context = assembleContext(input, 150, { estimateTokens: perWord });
    expect(perWord(context.prompt)).toBeLessThanOrEqual(150);
    expect(context.totalTokens).toBe(perWord(context.prompt));
  });

  it("says so when the message alone is over budget, and still carries it", () => {
    const context = assembleContext(input, 10);
    expect(context.overBudget).toBe(true);
    expect(context.included).toEqual([]);
    expect(context.prompt).toContain(input.message.text);
  });
});
