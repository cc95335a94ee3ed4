import { describe, expect, it } from "vitest";
import { deliverPayload, type PlatformSender, partsOf } from "../../../channels/deliver";
import type { OutboundPayload } from "../../../channels/message";
import { escapeSlackText, isSlackResponseUrl, slackBlocks } from "../../../channels/slack/web-api";

const message = (text: string): OutboundPayload => ({
  type: "message",
  conversationId: "1",
  text,
  replyToMessageId: "7",
  threadKey: "42",
  buttons: [[{ text: "Approve", data: "p:prop_1:a" }]],
});

function recordingSender(limit: number, failAt?: number) {
  const sent: OutboundPayload[] = [];
  let calls = 0;
  const sender: PlatformSender = {
    limit,
    async send(part) {
      if (calls++ === failAt) throw new Error("502");
      sent.push(part);
      return String(100 + sent.length);
    },
  };
  return { sender, sent };
}

function memoryLedger() {
  const parts = new Map<number, string | null>();
  return {
    parts,
    ledger: {
      delivered: async () => new Map(parts),
      record: async (i: number, id: string | null) => void parts.set(i, id),
    },
  };
}

describe("splitting an outbound message", () => {
  it("puts the reply reference on the first part and the buttons on the last; every part keeps the topic", () => {
    const parts = partsOf(message(`${"a".repeat(10)}\n${"b".repeat(10)}\n${"c".repeat(5)}`), 12);
    expect(
      parts.map((p) =>
        p.type === "message" ? [p.text, p.replyToMessageId, p.buttons?.length, p.threadKey] : null,
      ),
    ).toEqual([
      ["a".repeat(10), "7", undefined, "42"],
      ["b".repeat(10), undefined, undefined, "42"],
      ["c".repeat(5), undefined, 1, "42"],
    ]);
  });

  it("never exceeds the limit, even without line breaks, and loses no character", () => {
    const text = "x".repeat(4096 * 2 + 5);
    const parts = partsOf(message(text), 4096);
    expect(parts.every((p) => p.type === "message" && p.text.length <= 4096)).toBe(true);
    expect(parts.map((p) => (p.type === "message" ? p.text : "")).join("")).toBe(text);
  });

  it("resumes after a failure in the middle without repeating a delivered part", async () => {
    const { parts, ledger } = memoryLedger();
    const first = recordingSender(5, 1);
    await expect(deliverPayload(first.sender, message("aaaaa\nbbbbb\nccccc"), ledger)).rejects.toThrow("502");
    expect(first.sent.map((p) => (p.type === "message" ? p.text : ""))).toEqual(["aaaaa"]);
    const second = recordingSender(5);
    const last = await deliverPayload(second.sender, message("aaaaa\nbbbbb\nccccc"), ledger);
    expect(second.sent.map((p) => (p.type === "message" ? p.text : ""))).toEqual(["bbbbb", "ccccc"]);
    expect(last).toBe("102");
    expect([...parts.keys()]).toEqual([0, 1, 2]);
  });
});

describe("Slack formatting", () => {
  it("escapes exactly &, < and > so agent text cannot mention @channel or forge links", () => {
    expect(escapeSlackText("<!channel> a & b <http://x|y>")).toBe(
      "&lt;!channel&gt; a &amp; b &lt;http://x|y&gt;",
    );
  });

  it("renders text as plain_text and buttons as an actions block carrying the callback data", () => {
    const blocks = slackBlocks("Approve?", [
      [
        { text: "Approve", data: "p:prop_1:a" },
        { text: "Reject", data: "p:prop_1:r" },
      ],
    ]);
    expect(blocks).toEqual([
      { type: "section", text: { type: "plain_text", text: "Approve?", emoji: false } },
      {
        type: "actions",
        block_id: "cairn_actions_0",
        elements: [
          {
            type: "button",
            action_id: "cairn_0_0",
            text: { type: "plain_text", text: "Approve" },
            value: "p:prop_1:a",
            style: "primary",
          },
          {
            type: "button",
            action_id: "cairn_0_1",
            text: { type: "plain_text", text: "Reject" },
            value: "p:prop_1:r",
            style: "danger",
          },
        ],
      },
    ]);
  });

  it("answers interactions only on Slack's hooks host (or a local stand-in's own origin)", () => {
    expect(isSlackResponseUrl("https://hooks.slack.com/actions/T1/1/x", "https://slack.com/api")).toBe(true);
    expect(isSlackResponseUrl("https://evil.example/actions", "https://slack.com/api")).toBe(false);
    expect(isSlackResponseUrl("http://hooks.slack.com/actions", "https://slack.com/api")).toBe(false);
    expect(isSlackResponseUrl("http://127.0.0.1:9000/hooks/1", "http://127.0.0.1:9000/api")).toBe(true);
  });
});
