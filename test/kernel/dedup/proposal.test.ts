import { describe, expect, it } from "vitest";
import {
  dedupProposal,
  markProposalExecuted,
  markProposalRejected,
  type NewProposal,
} from "../../../kernel/dedup/index";
import { freshContext, hours, minutes, t0 } from "./helpers";

const payment: NewProposal = {
  tenant: "acme",
  id: "p1",
  action: "pay_supplier",
  target: "supplier:jewson",
  argumentsText: JSON.stringify({ invoice: "JE-20411", amount: "£420.00" }),
  at: t0,
};

describe("proposal layer", () => {
  it("merges the same action on the same target while it waits for approval, whatever the key order", async () => {
    const context = freshContext();
    expect((await dedupProposal(context, payment)).duplicate).toBe(false);
    const reordered = {
      ...payment,
      id: "p2",
      argumentsText: JSON.stringify({ amount: "£420.00", invoice: "JE-20411" }),
    };
    const verdict = await dedupProposal(context, reordered);
    expect(verdict).toMatchObject({
      duplicate: true,
      of: "p1",
      action: "merge",
      score: 1,
      layer: "proposal",
    });
    expect(verdict.reason).toMatch(/waiting for approval as p1/);
  });

  it("refuses it within the window after execution, and allows it after", async () => {
    const context = freshContext({ proposal: { executedWindow: "1h" } });
    await dedupProposal(context, payment);
    await markProposalExecuted(context, "acme", "p1", minutes(10));
    const soon = await dedupProposal(context, { ...payment, id: "p2", at: minutes(40) });
    expect(soon).toMatchObject({ duplicate: true, of: "p1", action: "refuse" });
    expect(soon.reason).toMatch(/executed as p1 30m ago/);
    expect((await dedupProposal(context, { ...payment, id: "p3", at: hours(2) })).duplicate).toBe(false);
  });

  it("does not block after a rejection", async () => {
    const context = freshContext();
    await dedupProposal(context, payment);
    await markProposalRejected(context, "acme", "p1");
    expect((await dedupProposal(context, { ...payment, id: "p2", at: minutes(5) })).duplicate).toBe(false);
  });

  it("keeps different arguments, a different target and a different action apart", async () => {
    const context = freshContext();
    await dedupProposal(context, payment);
    const otherBill = {
      ...payment,
      id: "p2",
      argumentsText: JSON.stringify({ invoice: "JE-20412", amount: "£420.00" }),
    };
    expect((await dedupProposal(context, otherBill)).duplicate).toBe(false);
    expect((await dedupProposal(context, { ...payment, id: "p3", target: "supplier:selco" })).duplicate).toBe(
      false,
    );
    expect((await dedupProposal(context, { ...payment, id: "p4", action: "dispute_bill" })).duplicate).toBe(
      false,
    );
  });

  it("merges a reworded message but not one naming another invoice", async () => {
    const context = freshContext();
    const reminder = (id: string, text: string) => ({
      ...payment,
      id,
      action: "send_message",
      target: "client:okafor",
      argumentsText: JSON.stringify({ to: "okafor", text }),
    });
    await dedupProposal(
      context,
      reminder("m1", "Hi Mrs Okafor, a reminder that invoice INV-1042 is overdue."),
    );
    const reworded = reminder(
      "m2",
      "Hello Mrs Okafor, just a reminder that invoice INV-1042 is now overdue.",
    );
    expect(await dedupProposal(context, reworded)).toMatchObject({ duplicate: true, of: "m1" });
    const otherInvoice = reminder("m3", "Hi Mrs Okafor, a reminder that invoice INV-1077 is overdue.");
    expect((await dedupProposal(context, otherInvoice)).duplicate).toBe(false);
  });

  it("never merges across tenants", async () => {
    const context = freshContext();
    await dedupProposal(context, payment);
    expect((await dedupProposal(context, { ...payment, id: "p2", tenant: "other" })).duplicate).toBe(false);
  });
});
