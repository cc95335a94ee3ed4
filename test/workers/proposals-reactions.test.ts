/**
 * Emoji reactions press the button a proposal card shows now: a no (👎) rolls back an executed
 * proposal while its card offers Roll back, and cancels a held send while its card offers Cancel
 * send; a yes (👍) on those cards presses nothing, and a stranger's no is refused and audited.
 * The reaction goes into the proposal's thread as the consumer routes it (thread resolution rule
 * `proposal_reaction`, tested in channels-slack.test.ts and channels-telegram.test.ts).
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getEntity } from "../../db/queries/entities";
import {
  addEntity,
  advance,
  apiCall,
  callTool,
  type Harness,
  MINUTE,
  proposalRow,
  react,
  setUpProposalTenant,
  tearDown,
} from "./proposals-harness";
import { STRANGER } from "./telegram-updates";

let h: Harness;

beforeAll(async () => {
  h = await setUpProposalTenant("reacts");
  await addEntity(h, "ent_umbrella", { name: "Umbrella", data: { tier: "gold" } });
});
afterAll(() => tearDown(h));

/** The platform id of the card whose newest delivered send offers the button `code` for the proposal. */
async function cardOffering(proposalId: string, code: "a" | "r" | "u" | "c") {
  return vi.waitFor(
    async () => {
      const row = await h.db.run(
        sql`SELECT platform_message_id AS id FROM outbox WHERE tenant_id = 'reacts' AND status = 'sent' AND payload LIKE ${`%p:${proposalId}:${code}%`} ORDER BY sent_at DESC, rowid DESC LIMIT 1`,
      );
      const id = (row.results[0] as { id?: string } | undefined)?.id;
      if (!id) throw new Error(`no delivered card offers ${code} for ${proposalId} yet`);
      return id;
    },
    { timeout: 15_000, interval: 100 },
  );
}

describe("reactions press the button the card shows now", () => {
  it("rolls back on an approver's 👎 while the card offers Roll back; a 👍 or a stranger's 👎 does nothing", async () => {
    await callTool(
      h,
      "update_record",
      { entityId: "ent_umbrella", field: "tier", value: "bronze" },
      "react1_0_0",
    );
    expect((await proposalRow(h, "prop_react1_0_0")).proposal.status).toBe("executed");
    const card = await cardOffering("prop_react1_0_0", "u");

    await react(h, "👍", card, "8401");
    await react(h, "👎", card, "8402", String(STRANGER.id));
    expect((await proposalRow(h, "prop_react1_0_0")).proposal.status).toBe("executed");

    await react(h, "👎", card, "8403");
    expect((await proposalRow(h, "prop_react1_0_0")).proposal.status).toBe("rolled_back");
    expect((await getEntity(h.db, "reacts", "ent_umbrella"))?.data).toEqual({ tier: "gold" });
    const audit = await apiCall(h, "/audit?limit=300");
    expect(audit.body.entries).toContainEqual(
      expect.objectContaining({
        action: "proposal.approval_refused",
        subjectId: "prop_react1_0_0",
        detail: { reason: "not an approver", reaction: "👎" },
      }),
    );
  });

  it("cancels a held send on an approver's 👎 while the card offers Cancel send", async () => {
    await callTool(
      h,
      "send_email",
      { to: "ap@globex.test", subject: "Draft", text: "Not yet" },
      "react2_0_0",
    );
    const card = await cardOffering("prop_react2_0_0", "c");
    await react(h, "👎", card, "8404");
    expect((await proposalRow(h, "prop_react2_0_0")).proposal).toMatchObject({
      status: "cancelled",
      decidedBy: "user:telegram:777000111",
    });
    advance(20 * MINUTE);
    await runDurableObjectAlarm(h.stub);
    expect(h.email.delivered.map((e) => e.subject)).not.toContain("Draft");
  });
});
