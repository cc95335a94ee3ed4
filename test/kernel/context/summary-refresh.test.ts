import { describe, expect, it } from "vitest";
import {
  planSummaryRefresh,
  refreshSummary,
  type SummariserInput,
  unsummarisedMessages,
} from "../../../kernel/context/summary-refresh";
import type { ThreadMessage, ThreadSummary } from "../../../kernel/memory/tiers";

const message = (i: number, text = `message ${i}`): ThreadMessage => ({
  id: `m${i}`,
  threadId: "th1",
  author: "ana",
  text,
  at: 1_000 + i,
});
const policy = { maxUnsummarisedMessages: 10, maxUnsummarisedTokens: 500, keepRecentMessages: 4 };

describe("summary refresh policy", () => {
  it("does nothing while the tail is under both thresholds", () => {
    const plan = planSummaryRefresh(
      Array.from({ length: 10 }, (_, i) => message(i)),
      policy,
    );
    expect(plan.refresh).toBe(false);
  });

  it("folds all but the newest messages once the count threshold is passed", () => {
    const tail = Array.from({ length: 11 }, (_, i) => message(i));
    const plan = planSummaryRefresh(tail, policy);
    if (!plan.refresh) throw new Error(plan.reason);
    expect(plan.fold.map((m) => m.id)).toEqual(["m0", "m1", "m2", "m3", "m4", "m5", "m6"]);
    expect(plan.keep.map((m) => m.id)).toEqual(["m7", "m8", "m9", "m10"]);
  });

  it("refreshes on tokens too: a few long messages are as costly as many short ones", () => {
    // About 100 tokens each on a real tokenizer: six of them pass 500 tokens, not 10 messages.
    const long = "The client asked again about the hosting line on the March invoice. ".repeat(7);
    const tail = Array.from({ length: 6 }, (_, i) => message(i, long));
    const plan = planSummaryRefresh(tail, policy);
    expect(plan).toMatchObject({ refresh: true, reason: expect.stringContaining("tokens") });
  });

  it("is incremental: the summariser sees the previous summary and only the folded messages", async () => {
    const all = Array.from({ length: 30 }, (_, i) => message(i));
    const calls: SummariserInput[] = [];
    const summarise = async (input: SummariserInput) => {
      calls.push(input);
      return `${input.previousSummary}+${input.messages.length}`;
    };
    let summary: ThreadSummary | undefined;
    for (let round = 0; round < 2; round += 1) {
      const plan = planSummaryRefresh(
        unsummarisedMessages(all.slice(0, round === 0 ? 15 : 30), summary),
        policy,
      );
      if (!plan.refresh) throw new Error(plan.reason);
      summary = await refreshSummary({ threadId: "th1", summary, plan, summarise, now: 5_000 + round });
    }
    expect(calls.map((c) => c.messages.map((m) => m.id))).toEqual([
      ["m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10"],
      [
        "m11",
        "m12",
        "m13",
        "m14",
        "m15",
        "m16",
        "m17",
        "m18",
        "m19",
        "m20",
        "m21",
        "m22",
        "m23",
        "m24",
        "m25",
      ],
    ]);
    expect(calls[1]?.previousSummary).toBe("+11");
    expect(summary).toEqual({
      threadId: "th1",
      text: "+11+15",
      coversThroughMessageId: "m25",
      coveredMessageCount: 26,
      updatedAt: 5_001,
    });
    expect(unsummarisedMessages(all, summary).map((m) => m.id)).toEqual(["m26", "m27", "m28", "m29"]);
  });
});
