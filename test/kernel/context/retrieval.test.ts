import { describe, expect, it } from "vitest";
import { assembleContext } from "../../../kernel/context/assemble-context";
import { buildBm25Index } from "../../../kernel/context/bm25";
import { queryCues } from "../../../kernel/context/query-cues";
import { rankMessages } from "../../../kernel/context/rank-messages";
import { searchTerms } from "../../../kernel/context/search-terms";
import { estimateTokens } from "../../../kernel/context/tokens";
import { messageVectorScores } from "../../../kernel/context/vector-scores";
import type { EmbeddingProvider } from "../../../kernel/memory/embedding";
import type { ThreadMessage } from "../../../kernel/memory/tiers";

const DAY = 86_400_000;
const START = Date.UTC(2023, 4, 1);
let seq = 0;
const say = (author: string, text: string, at: number): ThreadMessage => ({
  id: `m${++seq}`,
  threadId: "th",
  author,
  text,
  at,
});

describe("searchTerms and BM25", () => {
  it("matches inflections and ranks the rarer shared word higher", () => {
    expect(searchTerms("Maria volunteered at the shelter")).toEqual(["maria", "volunteer", "shelter"]);
    expect(searchTerms("volunteering")).toEqual(["volunteer"]);
    const index = buildBm25Index(["the deadline is Friday", "lunch on Friday", "Friday again, Friday"]);
    const scores = index.score("when is the deadline?");
    expect(scores[0]).toBeGreaterThan(0);
    expect(scores[1]).toBe(0);
  });

  it("indexes CJK text, which has no spaces, by character pairs", () => {
    const index = buildBm25Index(["会议改到下周三下午三点", "发票金额已经更新"]);
    const scores = index.score("下周三的会议");
    expect(scores[0]).toBeGreaterThan(scores[1]!);
  });
});

describe("queryCues", () => {
  it("finds the speakers a question names and the dates it names", () => {
    const cues = queryCues("Who did Maria have dinner with on May 3, 2023?", ["Maria", "John Smith"]);
    expect(cues.people).toEqual(["maria"]);
    expect(cues.dates).toEqual([
      { from: Date.UTC(2023, 4, 3), to: Date.UTC(2023, 4, 4) - 1, granularity: "day" },
    ]);
    expect(queryCues("What did John do in June 2023?", ["John Smith"]).people).toEqual(["john smith"]);
    expect(queryCues("What happened in June 2023?", [])).toMatchObject({
      dates: [{ granularity: "month", from: Date.UTC(2023, 5, 1) }],
    });
    expect(queryCues("any news?", ["Ana"]).dates).toEqual([]);
  });
});

describe("rankMessages", () => {
  const history = [
    say("Maria", "I just started aerial yoga, it's great", START),
    say("John", "What did you donate last week?", START + DAY),
    say("Maria", "My old car, to the shelter!", START + DAY + 30_000),
    ...Array.from({ length: 30 }, (_, i) =>
      say(i % 2 ? "John" : "Maria", `Weather chat number ${i}`, START + (2 + i) * DAY),
    ),
  ];
  const now = START + 40 * DAY;

  it("finds a reply by the question it answers, though it shares no word with the query", () => {
    const ranked = rankMessages("What did Maria donate?", history, { now, recencyHalfLifeMs: 7 * DAY });
    const best = [...ranked]
      .sort((a, b) => b.relevance - a.relevance)
      .slice(0, 2)
      .map((r) => r.message.id);
    expect(best).toContain(history[2]!.id);
    expect(best).toContain(history[1]!.id);
  });

  it("does not let a neighbour's score cross a long pause", () => {
    const apart = [say("Ana", "the invoice is overdue", START), say("Ben", "lunch?", START + DAY)];
    const ranked = rankMessages("invoice overdue", apart, { now, recencyHalfLifeMs: 7 * DAY });
    expect(ranked[1]!.relevance).toBeLessThan(0.1);
  });

  it("prefers, among equal matches, what the named person said and what was said on the named day", () => {
    const equal = [
      say("John", "we went hiking", START),
      say("Maria", "we went hiking", START + 5 * DAY),
      say("Maria", "we went hiking", START + 9 * DAY),
    ];
    const ranked = rankMessages("Where did Maria go hiking on 6 May 2023?", equal, {
      now,
      recencyHalfLifeMs: 7 * DAY,
      weights: { neighbour: 0, previous: 0 },
    });
    const [john, onTheDay, later] = ranked.map((r) => r.relevance);
    expect(onTheDay).toBeGreaterThan(later!);
    expect(later).toBeGreaterThan(john!);
    expect(ranked[1]!.reason).toMatch(/named person, named date/);
  });

  it("takes meaning from injected vector scores", () => {
    const pair = [say("Ana", "please call me tomorrow", START), say("Ana", "lunch plans", START + DAY)];
    const withVectors = rankMessages("phone her", pair, {
      now,
      recencyHalfLifeMs: 7 * DAY,
      vectorScores: new Map([
        [pair[0]!.id, 0.8],
        [pair[1]!.id, 0.1],
      ]),
    });
    expect(withVectors[0]!.relevance).toBeGreaterThan(withVectors[1]!.relevance);
  });
});

describe("assembleContext over the whole history", () => {
  const old = say("Maria", "I donated my old car to the homeless shelter", START);
  const filler = Array.from({ length: 200 }, (_, i) =>
    say(i % 2 ? "John" : "Maria", `Talked about the weather again, day ${i}`, START + (1 + i) * 3_600_000),
  );
  const history = [old, ...filler];
  const input = {
    now: START + 300 * 3_600_000,
    thread: { threadId: "th", title: "Maria and John", kind: "conversation" },
    message: { id: "q", author: "user", text: "When did Maria donate her car?" },
    recentMessages: filler.slice(-12),
    history,
    summary: {
      threadId: "th",
      text: "- a long summary line\n".repeat(60),
      coveredMessageCount: 189,
      updatedAt: 0,
    },
  };

  it("brings back a folded message that answers the question, within the budget, using it fully", () => {
    const context = assembleContext(input, 1_000);
    const ids = context.included.map((item) => item.id);
    expect(ids).toContain(old.id);
    expect(context.totalTokens).toBeLessThanOrEqual(1_000);
    expect(context.totalTokens).toBeGreaterThan(900);
    expect(context.prompt).toContain(`### ${new Date(START).toISOString().slice(0, 10)}\nMaria: I donated`);
  });

  it("keeps the summary to its share of the budget, newest lines first", () => {
    const context = assembleContext(input, 1_000);
    const summary = context.included.find((item) => item.id === "summary:th");
    expect(summary).toBeDefined();
    expect(summary!.tokens).toBeLessThanOrEqual(100 + estimateTokens("## Thread summary\n"));
  });

  it("searches only the tail when no history is given (the turn before this change)", () => {
    const { history: _omitted, ...tailOnly } = input;
    const ids = assembleContext(tailOnly, 1_000).included.map((item) => item.id);
    expect(ids).not.toContain(old.id);
  });
});

describe("estimateTokens", () => {
  it("counts CJK, long hex ids and emoji at least a token each where BPE does", () => {
    expect(estimateTokens("hello world")).toBe(2);
    // Real counts (cl100k / o200k): 11 / 9, 21 / 21, 6 / 5 — bench:tokens measures the rest.
    expect(estimateTokens("会议改到下周三下午三点")).toBeGreaterThanOrEqual(11);
    expect(estimateTokens("commit 9f86d081884c7d659a2feaa0c55ad015")).toBeGreaterThanOrEqual(21);
    expect(estimateTokens("🎉🎉 shipped")).toBeGreaterThanOrEqual(5);
    expect(estimateTokens("")).toBe(0);
  });

  it("never counts a whole as more than its newline-separated pieces", () => {
    const pieces = ["# Thread: x\n", "Maria: 会议改到下周三\n", "id 9f86d081884c7d65 🎉\n"];
    expect(estimateTokens(pieces.join(""))).toBeLessThanOrEqual(
      pieces.reduce((sum, piece) => sum + estimateTokens(piece), 0),
    );
  });
});

describe("messageVectorScores", () => {
  it("embeds each message once per provider space, then only the query", async () => {
    const calls: number[] = [];
    const provider: EmbeddingProvider = {
      id: "fake",
      dimension: 2,
      offline: true,
      async embed(texts) {
        calls.push(texts.length);
        return texts.map((t) => (t.includes("call") || t.includes("phone") ? [1, 0] : [0, 1]));
      },
    };
    const messages = [
      { id: "a", text: "please call me" },
      { id: "b", text: "lunch" },
    ];
    const cache = new Map<string, number[]>();
    const first = await messageVectorScores(provider, "phone her", messages, cache);
    expect(first.get("a")).toBeCloseTo(1);
    expect(first.get("b")).toBeCloseTo(0);
    await messageVectorScores(provider, "phone her", messages, cache);
    expect(calls).toEqual([2, 1, 1]);
  });
});
