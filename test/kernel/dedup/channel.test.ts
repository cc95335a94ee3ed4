import { describe, expect, it } from "vitest";
import { dedupInboundMessage, type InboundMessage } from "../../../kernel/dedup/index";
import { freshContext, hours, minutes, t0 } from "./helpers";

const question = "Can you send me the final drawings for the loft conversion please";
const base: InboundMessage = {
  tenant: "acme",
  id: "e1",
  platform: "slack",
  platformMessageId: "Ev1",
  text: question,
  sender: "U1",
  at: t0,
};

describe("channel layer", () => {
  it("turns a platform retry into the first event", async () => {
    const context = freshContext();
    expect((await dedupInboundMessage(context, base)).duplicate).toBe(false);
    const retry = await dedupInboundMessage(context, { ...base, id: "e2", at: minutes(1) });
    expect(retry).toMatchObject({ duplicate: true, of: "e1", layer: "channel", action: "drop", score: 1 });
    expect(retry.reason).toMatch(/redelivery/);
  });

  it("treats an edit (same message id, new text) as the same event, and catches a forward of the edited text", async () => {
    const context = freshContext();
    await dedupInboundMessage(context, base);
    const edited = `${question} and the structural calcs`;
    const edit = await dedupInboundMessage(context, { ...base, id: "e2", text: edited, at: minutes(3) });
    expect(edit).toMatchObject({ duplicate: true, of: "e1" });
    expect(edit.reason).toMatch(/^edit of/);
    const forward = {
      ...base,
      id: "e3",
      platformMessageId: "Ev9",
      sender: "U2",
      text: `Fwd: ${edited}`,
      at: hours(2),
    };
    expect(await dedupInboundMessage(context, forward)).toMatchObject({ duplicate: true, of: "e1" });
  });

  it("drops a forward of the same content from another person within the window", async () => {
    const context = freshContext();
    await dedupInboundMessage(context, base);
    const forward = {
      ...base,
      id: "e2",
      platformMessageId: "Ev2",
      sender: "U7",
      text: `FW: ${question}`,
      at: hours(5),
    };
    const verdict = await dedupInboundMessage(context, forward);
    expect(verdict).toMatchObject({ duplicate: true, of: "e1" });
    expect(verdict.reason).toMatch(/^forward of e1/);
  });

  it("keeps the same person asking again under a new message id, even minutes later", async () => {
    const context = freshContext();
    await dedupInboundMessage(context, base);
    const again = { ...base, id: "e2", platformMessageId: "Ev2", at: minutes(20) };
    const verdict = await dedupInboundMessage(context, again);
    expect(verdict.duplicate).toBe(false);
    // …and a forward after that still stands for the first message, not for the repeat.
    const forward = {
      ...base,
      id: "e3",
      platformMessageId: "Ev3",
      sender: "U5",
      text: `Fwd: ${question}`,
      at: minutes(30),
    };
    expect(await dedupInboundMessage(context, forward)).toMatchObject({ duplicate: true, of: "e1" });
  });

  it("drops a redelivery without a message id only within the redelivery window", async () => {
    const context = freshContext();
    const noId = { ...base, platformMessageId: undefined };
    await dedupInboundMessage(context, noId);
    const soon = await dedupInboundMessage(context, { ...noId, id: "e2", at: minutes(1) });
    expect(soon).toMatchObject({ duplicate: true, of: "e1" });
    expect(soon.reason).toMatch(/redelivery without a message id/);
    expect((await dedupInboundMessage(context, { ...noId, id: "e3", at: minutes(20) })).duplicate).toBe(
      false,
    );
  });

  it.each([
    `Forwarded from Anna:\n${question}`,
    `Begin forwarded message:\n\nFrom: Anna <anna@example.com>\nSubject: drawings\n\n${question}`,
    `-----Original Message-----\nFrom: Anna\nSent: Monday\n${question}`,
    `---------- Weitergeleitete Nachricht ---------\nVon: Anna\n${question}`,
    `-------- Message transféré --------\nDe : Anna\n${question}`,
  ])("recognises a forward written as %j", async (text) => {
    const context = freshContext();
    await dedupInboundMessage(context, base);
    const forward = { ...base, id: "e2", platformMessageId: "Ev2", sender: "U3", text, at: hours(1) };
    expect(await dedupInboundMessage(context, forward)).toMatchObject({ duplicate: true, of: "e1" });
  });

  it("keeps identical words from two different people as two messages", async () => {
    const context = freshContext();
    const ask = { ...base, text: "Has the skip been collected from 14 Elm Road yet?" };
    await dedupInboundMessage(context, ask);
    const sameWords = { ...ask, id: "e2", platformMessageId: "Ev2", sender: "U2", at: minutes(30) };
    expect((await dedupInboundMessage(context, sameWords)).duplicate).toBe(false);
  });

  it("never matches short messages by content alone", async () => {
    const context = freshContext();
    const ok = { ...base, text: "ok thanks", sender: undefined };
    await dedupInboundMessage(context, ok);
    expect(
      (await dedupInboundMessage(context, { ...ok, id: "e2", platformMessageId: "Ev2" })).duplicate,
    ).toBe(false);
  });

  it("forgets content after the window but never a platform id", async () => {
    const context = freshContext({ channel: { contentWindow: "6h" } });
    await dedupInboundMessage(context, base);
    const copy = {
      ...base,
      id: "e2",
      platformMessageId: "Ev2",
      sender: "U4",
      text: `Fwd: ${question}`,
      at: hours(7),
    };
    expect((await dedupInboundMessage(context, copy)).duplicate).toBe(false);
    expect((await dedupInboundMessage(context, { ...base, id: "e3", at: hours(30) })).duplicate).toBe(true);
  });

  it("never deduplicates across tenants", async () => {
    const context = freshContext();
    await dedupInboundMessage(context, base);
    expect((await dedupInboundMessage(context, { ...base, id: "e2", tenant: "other" })).duplicate).toBe(
      false,
    );
  });
});
