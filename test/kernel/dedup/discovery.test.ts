import { describe, expect, it } from "vitest";
import { dedupFinding, type Finding } from "../../../kernel/dedup/index";
import { freshContext, hours, t0 } from "./helpers";

const overdue: Finding = {
  tenant: "acme",
  id: "f1",
  source: "overdue_invoices",
  entity: "invoice:INV-1042",
  key: "overdue:INV-1042",
  text: "Invoice INV-1042 for Mrs Okafor is 3 days overdue (£1,250.00)",
  at: t0,
};

describe("discovery layer", () => {
  it("suppresses the same finding within the window and reports it again after", async () => {
    const context = freshContext({ discovery: { window: "24h" } });
    expect((await dedupFinding(context, overdue)).duplicate).toBe(false);
    const nextCycle = await dedupFinding(context, { ...overdue, id: "f2", at: hours(6) });
    expect(nextCycle).toMatchObject({ duplicate: true, of: "f1", layer: "discovery", action: "drop" });
    expect(nextCycle.reason).toMatch(/within the 24h window/);
    const nextDay = await dedupFinding(context, { ...overdue, id: "f3", at: hours(25) });
    expect(nextDay.duplicate).toBe(false);
    expect(nextDay.reason).toMatch(/past the 24h window/);
  });

  it("does not let suppressed repeats push the reminder back forever", async () => {
    const context = freshContext({ discovery: { window: "24h" } });
    await dedupFinding(context, overdue);
    for (let cycle = 1; cycle <= 23; cycle++)
      await dedupFinding(context, { ...overdue, id: `r${cycle}`, at: hours(cycle) });
    expect((await dedupFinding(context, { ...overdue, id: "later", at: hours(24) })).duplicate).toBe(false);
  });

  it("keeps a different finding about the same entity", async () => {
    const context = freshContext();
    await dedupFinding(context, overdue);
    const dispute = {
      ...overdue,
      id: "f2",
      key: "disputed:INV-1042",
      text: "Mrs Okafor disputes invoice INV-1042",
    };
    expect((await dedupFinding(context, dispute)).duplicate).toBe(false);
  });

  it("matches keyless findings by normalised text, ignoring counts that grow", async () => {
    const context = freshContext();
    const waiting = { ...overdue, key: undefined, source: "unanswered_messages", entity: "thread:okafor" };
    await dedupFinding(context, {
      ...waiting,
      text: "Mrs Okafor has waited 4 hours for a reply about the tiles",
    });
    const later = {
      ...waiting,
      id: "f2",
      text: "Mrs Okafor has waited 9 hours for a reply about the tiles",
      at: hours(5),
    };
    expect(await dedupFinding(context, later)).toMatchObject({ duplicate: true, of: "f1", score: 1 });
  });

  it("suppresses a reworded keyless finding from the same source", async () => {
    const context = freshContext();
    const feed = {
      tenant: "acme",
      source: "rss:news",
      text: "Council opens consultation on the conservation area",
      at: t0,
    };
    await dedupFinding(context, { ...feed, id: "n1" });
    const reworded = await dedupFinding(context, {
      ...feed,
      id: "n2",
      text: "Conservation area consultation opened by the council",
      at: hours(3),
    });
    expect(reworded).toMatchObject({ duplicate: true, of: "n1" });
    expect(reworded.reason).toMatch(/reworded finding/);
    const other = { ...feed, id: "n3", text: "Timber prices rise for the third month running", at: hours(4) };
    expect((await dedupFinding(context, other)).duplicate).toBe(false);
  });

  it("treats the same text from another source or tenant as new", async () => {
    const context = freshContext();
    await dedupFinding(context, overdue);
    expect((await dedupFinding(context, { ...overdue, id: "f2", source: "ledger_scan" })).duplicate).toBe(
      false,
    );
    expect((await dedupFinding(context, { ...overdue, id: "f3", tenant: "other" })).duplicate).toBe(false);
  });
});
